using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using MathNet.Numerics.LinearAlgebra;
using Complex = System.Numerics.Complex;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow;

/// <summary>
/// An independent power flow for tests: the nodal admittance matrix of the closed edges (transformers as series
/// impedance plus an ideal 1:a transformer, admittance form), polar Newton–Raphson on the bus power mismatches with a
/// finite-difference Jacobian solved densely by MathNet. Small networks only (O(N³) per iteration).
/// </summary>
internal static class NewtonRaphsonOracle
{
    public static (double[] VoltagePu, double[] AngleDeg) Solve(Net net, PowerFlowScenario scenario, double tolerance = 1e-12)
    {
        int n = net.NodeCount;
        var y = new Complex[n, n];
        ReadOnlySpan<bool> closed = net.NormalState.EdgeClosed;
        for (int e = 0; e < net.EdgeCount; e++)
        {
            if (!closed[e])
            {
                continue;
            }

            int f = net.EdgeFrom[e];
            int t = net.EdgeTo[e];
            double r = net.ROhm[e];
            double x = net.XOhm[e];
            if (scenario.Branches.TryGetValue(e, out BranchImpedance b))
            {
                r = b.ROhm;
                x = b.XOhm;
            }

            double zBase = net.NominalKv[f] * net.NominalKv[f];
            Complex ys = 1.0 / new Complex(r / zBase, x / zBase);
            double a = scenario.TapPu.TryGetValue(e, out double tap) ? tap : net.EdgeTapPu[e];
            y[f, f] += ys;
            y[f, t] -= ys / a;
            y[t, f] -= ys / a;
            y[t, t] += ys / (a * a);
        }

        var sConst = new Complex[n];
        var sCurrent = new Complex[n];
        var sImpedance = new Complex[n];
        for (int l = 0; l < net.LoadPointCount; l++)
        {
            int node = net.LoadPointNode[l];
            var s0 = new Complex(net.PeakKw[l], net.PeakKvar[l]) * scenario.LoadScale / 1000.0;
            LoadModel m = scenario.LoadModels.TryGetValue(l, out LoadModel lm) ? lm : scenario.LoadModel;
            sConst[node] += s0 * m.ConstantPowerShare;
            sCurrent[node] += s0 * m.ConstantCurrentShare;
            sImpedance[node] += s0 * m.ConstantImpedanceShare;
        }

        foreach (KeyValuePair<int, double> cap in scenario.CapacitorKvar)
        {
            sImpedance[cap.Key] -= new Complex(0, cap.Value / 1000.0);
        }

        var unknown = new List<int>();
        var isSource = new bool[n];
        foreach (int s in net.Sources)
        {
            isSource[s] = true;
        }

        for (int v = 0; v < n; v++)
        {
            if (!isSource[v])
            {
                unknown.Add(v);
            }
        }

        int m2 = unknown.Count;
        var vm = new double[n];
        var va = new double[n];
        Array.Fill(vm, scenario.SourceVoltagePu);
        double[] Mismatch()
        {
            var volts = new Complex[n];
            for (int v = 0; v < n; v++)
            {
                volts[v] = Complex.FromPolarCoordinates(vm[v], va[v]);
            }

            var f = new double[2 * m2];
            for (int k = 0; k < m2; k++)
            {
                int v = unknown[k];
                Complex current = Complex.Zero;
                for (int j = 0; j < n; j++)
                {
                    if (y[v, j] != Complex.Zero)
                    {
                        current += y[v, j] * volts[j];
                    }
                }

                Complex injected = volts[v] * Complex.Conjugate(current);
                Complex drawn = sConst[v] + (sCurrent[v] * vm[v]) + (sImpedance[v] * vm[v] * vm[v]);
                Complex mismatch = injected + drawn;
                f[k] = mismatch.Real;
                f[m2 + k] = mismatch.Imaginary;
            }

            return f;
        }

        for (int iteration = 0; iteration < 60; iteration++)
        {
            double[] f0 = Mismatch();
            double worst = 0;
            foreach (double value in f0)
            {
                worst = Math.Max(worst, Math.Abs(value));
            }

            if (worst < tolerance)
            {
                break;
            }

            Matrix<double> jacobian = Matrix<double>.Build.Dense(2 * m2, 2 * m2);
            const double h = 1e-7;
            for (int c = 0; c < 2 * m2; c++)
            {
                double[] target = c < m2 ? va : vm;
                int v = unknown[c % m2];
                double keep = target[v];
                target[v] = keep + h;
                double[] plus = Mismatch();
                target[v] = keep - h;
                double[] minus = Mismatch();
                target[v] = keep;
                for (int r = 0; r < 2 * m2; r++)
                {
                    jacobian[r, c] = (plus[r] - minus[r]) / (2 * h);
                }
            }

            Vector<double> step = jacobian.Solve(Vector<double>.Build.Dense(f0).Negate());
            for (int k = 0; k < m2; k++)
            {
                va[unknown[k]] += step[k];
                vm[unknown[k]] += step[m2 + k];
            }
        }

        var angleDeg = new double[n];
        for (int v = 0; v < n; v++)
        {
            angleDeg[v] = va[v] * 180.0 / Math.PI;
        }

        return (vm, angleDeg);
    }
}
