using Lumen.Reliability.Voltage.PowerFlow;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>One what-if compared with the base case.</summary>
/// <param name="Fix">The fix evaluated.</param>
/// <param name="Description">What it does, for reports.</param>
/// <param name="Error">Why it could not be applied or solved; null when it was.</param>
/// <param name="After">The prediction with the fix; null when <paramref name="Error"/> is set.</param>
/// <param name="LowVoltageCustomersBefore">Predicted low-voltage customers without the fix.</param>
/// <param name="LowVoltageCustomersAfter">With the fix; -1 when not evaluated.</param>
/// <param name="MinVoltagePuBefore">Lowest bus voltage without the fix.</param>
/// <param name="MinVoltagePuAfter">With the fix; NaN when not evaluated.</param>
/// <param name="LossesKwBefore">Losses without the fix.</param>
/// <param name="LossesKwAfter">With the fix; NaN when not evaluated.</param>
/// <param name="OverloadedBefore">Overloaded branches without the fix.</param>
/// <param name="OverloadedAfter">With the fix; -1 when not evaluated.</param>
public sealed record WhatIfOutcome(
    VoltageFix Fix,
    string Description,
    string? Error,
    LowVoltageReport? After,
    long LowVoltageCustomersBefore,
    long LowVoltageCustomersAfter,
    double MinVoltagePuBefore,
    double MinVoltagePuAfter,
    double LossesKwBefore,
    double LossesKwAfter,
    int OverloadedBefore,
    int OverloadedAfter);

/// <summary>
/// Predicts low voltage for a load scenario and evaluates fixes one at a time against it: the predicted low-voltage
/// customers (and minimum voltage, losses, overloads) before and after each.
/// </summary>
/// <remarks>One power flow per fix (plus a network rebuild for <see cref="SplitArea"/>). Thread-safe: no shared state.</remarks>
public static class LowVoltageStudy
{
    /// <summary>Runs the base prediction and every fix.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (LowVoltageReport Base, IReadOnlyList<WhatIfOutcome> Outcomes) Evaluate(
        Net network,
        PowerFlowScenario scenario,
        VoltageProfile profile,
        IEnumerable<VoltageFix> fixes,
        LowVoltagePredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(fixes);
        LowVoltageReport baseline = LowVoltagePrediction.Predict(network, scenario, profile, options);
        var outcomes = new List<WhatIfOutcome>();
        foreach (VoltageFix fix in fixes)
        {
            string description = fix.Describe(network);
            (Net changed, PowerFlowScenario changedScenario, string? error) = fix.Apply(network, scenario);
            LowVoltageReport? after = null;
            if (error is null)
            {
                after = LowVoltagePrediction.Predict(changed, changedScenario, profile, options);
                if (!after.PowerFlow.Converged)
                {
                    error = after.PowerFlow.Diagnostics.Count > 0 ? after.PowerFlow.Diagnostics[0].Message : "power flow did not converge";
                }
            }

            outcomes.Add(new WhatIfOutcome(
                fix,
                description,
                error,
                after,
                baseline.LowVoltageCustomers,
                after?.LowVoltageCustomers ?? -1,
                baseline.PowerFlow.MinVoltagePu,
                after?.PowerFlow.MinVoltagePu ?? double.NaN,
                baseline.PowerFlow.LossesKw,
                after?.PowerFlow.LossesKw ?? double.NaN,
                baseline.Overloaded.Count,
                after?.Overloaded.Count ?? -1));
        }

        return (baseline, outcomes);
    }
}
