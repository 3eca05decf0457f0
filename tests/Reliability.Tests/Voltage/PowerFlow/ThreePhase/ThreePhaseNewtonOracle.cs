using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;
using MathNet.Numerics.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow.ThreePhase;

/// <summary>
/// An independent three-phase power flow for tests: the full conductor-level nodal admittance matrix (lines as the
/// inverse of their impedance matrices plus half their shunt admittance at each end, capacitors, the source's Norton
/// equivalent from its sequence impedances) and Newton–Raphson on the real and imaginary current mismatches in
/// rectangular coordinates, with the loads' derivatives by central differences, the Jacobian a MathNet sparse matrix.
/// Lines, loads and capacitors only (no transformers); small networks.
/// </summary>
internal static class ThreePhaseNewtonOracle
{
    public static Complex[] Solve(PhaseNetwork net, double tolerance = 1e-11)
    {
        // Conductors: every (bus, phase) a line touches, plus the source's three phases.
        var index = new Dictionary<(int Bus, int Node), int>();
        int Conductor(int bus, int node)
        {
            if (node == 0)
            {
                return -1;
            }

            if (!index.TryGetValue((bus, node), out int c))
            {
                c = index.Count;
                index.Add((bus, node), c);
            }

            return c;
        }

        for (int k = 1; k <= 3; k++)
        {
            Conductor(net.Source.Bus, k);
        }

        foreach (PhaseLine line in net.Lines)
        {
            foreach (int node in line.FromNodes)
            {
                Conductor(line.FromBus, node);
            }

            foreach (int node in line.ToNodes)
            {
                Conductor(line.ToBus, node);
            }
        }

        int n = index.Count;
        Matrix<Complex> y = Matrix<Complex>.Build.Sparse(n, n);
        void AddBetween(int a, int b, Complex value)
        {
            if (a >= 0)
            {
                y[a, a] += value;
            }

            if (b >= 0)
            {
                y[b, b] += value;
            }

            if (a >= 0 && b >= 0)
            {
                y[a, b] -= value;
                y[b, a] -= value;
            }
        }

        foreach (PhaseLine line in net.Lines)
        {
            int m = line.FromNodes.Length;
            Matrix<Complex> z = Matrix<Complex>.Build.Dense(m, m, (i, j) => line.ZOhm[(i * m) + j]);
            Matrix<Complex> series = z.Inverse();
            for (int i = 0; i < m; i++)
            {
                int fi = Conductor(line.FromBus, line.FromNodes[i]);
                int ti = Conductor(line.ToBus, line.ToNodes[i]);
                for (int j = 0; j < m; j++)
                {
                    int fj = Conductor(line.FromBus, line.FromNodes[j]);
                    int tj = Conductor(line.ToBus, line.ToNodes[j]);
                    Complex half = line.YShuntSiemens[(i * m) + j] / 2;
                    y[fi, fj] += series[i, j] + half;
                    y[ti, tj] += series[i, j] + half;
                    y[fi, tj] -= series[i, j];
                    y[ti, fj] -= series[i, j];
                }
            }
        }

        foreach (PhaseCapacitor c in net.Capacitors)
        {
            double kv = c.Connection == PhaseConnection.Wye && c.Phases > 1 ? c.Kv / Math.Sqrt(3) : c.Kv;
            var b = new Complex(0, c.Kvar * 1000 / c.Phases / (kv * kv * 1e6));
            for (int p = 0; p < c.Phases; p++)
            {
                AddBetween(Conductor(c.Bus, c.Nodes[p]), Conductor(c.Bus, c.Nodes[c.Phases]), b);
            }
        }

        PhaseSource s = net.Source;
        Complex zs = ((2 * s.Z1Ohm) + s.Z0Ohm) / 3;
        Complex zm = (s.Z0Ohm - s.Z1Ohm) / 3;
        Matrix<Complex> ysource = Matrix<Complex>.Build.Dense(3, 3, (i, j) => i == j ? zs : zm).Inverse();
        double vln = s.Pu * s.BaseKvLl * 1000 / Math.Sqrt(3);
        Vector<Complex> e = Vector<Complex>.Build.Dense(3, k => Complex.FromPolarCoordinates(vln, (s.AngleDeg - (120 * k)) * Math.PI / 180));
        Vector<Complex> isource = ysource * e;
        var inject = new Complex[n];
        for (int i = 0; i < 3; i++)
        {
            int ci = Conductor(s.Bus, i + 1);
            inject[ci] = isource[i];
            for (int j = 0; j < 3; j++)
            {
                y[ci, Conductor(s.Bus, j + 1)] += ysource[i, j];
            }
        }

        // Loads as single-phase elements between two conductors.
        var elements = new List<(int A, int B, double Vn, double P, double Q, ZipShares Zip)>();
        foreach (PhaseLoad load in net.Loads)
        {
            if (load.Connection == PhaseConnection.Wye)
            {
                double vn = (load.Phases > 1 ? load.Kv / Math.Sqrt(3) : load.Kv) * 1000;
                for (int p = 0; p < load.Phases; p++)
                {
                    elements.Add((Conductor(load.Bus, load.Nodes[p]), Conductor(load.Bus, load.Nodes[load.Phases]), vn, load.Kw * 1000 / load.Phases, load.Kvar * 1000 / load.Phases, load.Zip));
                }
            }
            else if (load.Phases == 1)
            {
                elements.Add((Conductor(load.Bus, load.Nodes[0]), Conductor(load.Bus, load.Nodes[1]), load.Kv * 1000, load.Kw * 1000, load.Kvar * 1000, load.Zip));
            }
            else
            {
                // Phase p across nodes p and p + 1: for loads the pairing does not matter, each takes a third.
                for (int p = 0; p < 3; p++)
                {
                    elements.Add((Conductor(load.Bus, load.Nodes[p]), Conductor(load.Bus, load.Nodes[(p + 1) % 3]), load.Kv * 1000, load.Kw * 1000 / 3, load.Kvar * 1000 / 3, load.Zip));
                }
            }
        }

        static Complex Current(Complex v, double vn, double p, double q, ZipShares z)
        {
            double u = v.Magnitude / vn;
            return Complex.Conjugate(new Complex(p * ((z.Zp * u * u) + (z.Ip * u) + z.Pp), q * ((z.Zq * u * u) + (z.Iq * u) + z.Pq)) / v);
        }

        // Flat start, each conductor at its phase's nominal angle (the networks have no phase shifts).
        var v = new Complex[n];
        foreach (((int bus, int node), int c) in index)
        {
            v[c] = Complex.FromPolarCoordinates(vln, (s.AngleDeg - (120 * (node - 1))) * Math.PI / 180);
        }

        Complex At(int c) => c < 0 ? Complex.Zero : v[c];
        for (int iteration = 0; iteration < 30; iteration++)
        {
            var mismatch = new Complex[n];
            for (int i = 0; i < n; i++)
            {
                mismatch[i] = -inject[i];
            }

            foreach ((int row, int column, Complex value) in y.EnumerateIndexed(Zeros.AllowSkip))
            {
                mismatch[row] += value * v[column];
            }

            foreach ((int a, int b, double vn, double p, double q, ZipShares zip) in elements)
            {
                Complex i = Current(At(a) - At(b), vn, p, q, zip);
                if (a >= 0)
                {
                    mismatch[a] += i;
                }

                if (b >= 0)
                {
                    mismatch[b] -= i;
                }
            }

            double worst = 0;
            foreach (Complex m in mismatch)
            {
                worst = Math.Max(worst, m.Magnitude);
            }

            if (worst < tolerance * vln * 1e-3)
            {
                return Collect(net, index, v);
            }

            // Jacobian over x = [Re V; Im V]: the network part is [[G, −B], [B, G]].
            Matrix<double> jacobian = Matrix<double>.Build.Sparse(2 * n, 2 * n);
            foreach ((int row, int column, Complex value) in y.EnumerateIndexed(Zeros.AllowSkip))
            {
                jacobian[row, column] += value.Real;
                jacobian[row, n + column] -= value.Imaginary;
                jacobian[n + row, column] += value.Imaginary;
                jacobian[n + row, n + column] += value.Real;
            }

            foreach ((int a, int b, double vn, double p, double q, ZipShares zip) in elements)
            {
                Complex across = At(a) - At(b);
                double h = 1e-6 * vn;
                Complex dRe = (Current(across + h, vn, p, q, zip) - Current(across - h, vn, p, q, zip)) / (2 * h);
                Complex dIm = (Current(across + new Complex(0, h), vn, p, q, zip) - Current(across - new Complex(0, h), vn, p, q, zip)) / (2 * h);
                foreach ((int row, double rowSign) in new[] { (a, 1.0), (b, -1.0) })
                {
                    foreach ((int column, double columnSign) in new[] { (a, 1.0), (b, -1.0) })
                    {
                        if (row < 0 || column < 0)
                        {
                            continue;
                        }

                        double sign = rowSign * columnSign;
                        jacobian[row, column] += sign * dRe.Real;
                        jacobian[row, n + column] += sign * dIm.Real;
                        jacobian[n + row, column] += sign * dRe.Imaginary;
                        jacobian[n + row, n + column] += sign * dIm.Imaginary;
                    }
                }
            }

            Vector<double> f = Vector<double>.Build.Dense(2 * n, k => k < n ? mismatch[k].Real : mismatch[k - n].Imaginary);
            Vector<double> dx = jacobian.Solve(-f);
            for (int i = 0; i < n; i++)
            {
                v[i] += new Complex(dx[i], dx[n + i]);
            }
        }

        throw new InvalidOperationException("the Newton-Raphson oracle did not converge");
    }

    private static Complex[] Collect(PhaseNetwork net, Dictionary<(int Bus, int Node), int> index, Complex[] v)
    {
        var result = new Complex[net.BusCount * 3];
        Array.Fill(result, new Complex(double.NaN, double.NaN));
        foreach (((int bus, int node), int c) in index)
        {
            result[(bus * 3) + node - 1] = v[c];
        }

        return result;
    }
}
