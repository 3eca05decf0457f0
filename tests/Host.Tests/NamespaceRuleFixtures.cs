// Fixtures of NamespaceRulesTests.Rules_FailOnACycleAndOnAComputation: two namespaces that refer to each other, and
// an "adapter" that computes, calls kernels instead of entry points and catches a library's ArgumentException (by type and by filter); a second name for ΔSAIDI; and a power-flow namespace outside the voltage area. Nothing else uses them.
namespace Lumen.Host.Tests.RuleFixtures.A
{
    internal sealed class Computes
    {
        public B.Refers? Other { get; init; }

        public static double Total(IEnumerable<double> values) => Math.Sqrt(values.Sum());

        public static object Worst(Lumen.Reliability.History.OutageHistory history) =>
            Lumen.Reliability.History.HistoryStatistics.Compute(history, new Lumen.Reliability.History.HistoryQuery());

        public static object WhatIf(Lumen.Topology.Network.Network network) =>
            Lumen.Reliability.Predictive.WhatIfAnalysis.Evaluate(network, Lumen.Topology.Network.StudyCase.Default, []);

        public static object? Guarded(Func<object> evaluate)
        {
            try
            {
                return evaluate();
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        public static async Task<object?> GuardedAsync(Func<Task<object>> evaluate)
        {
            try
            {
                return await evaluate();
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                return null;
            }
        }
    }
}

namespace Lumen.Host.Tests.RuleFixtures.B
{
    internal sealed class Refers
    {
        public A.Computes? Other { get; init; }

        public double DeltaSaidiHours { get; init; }
    }
}

namespace Lumen.Host.Tests.RuleFixtures.PowerFlow
{
    internal static class Misplaced
    {
        public static double Solve(double load) => load;
    }
}
