using FsCheck.Xunit;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class ReferenceAssessorTests
{
    [Property(MaxTest = 3000, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Assess_RandomRadialNetwork_MatchesBruteForce(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        ReliabilityResult fast = ReliabilityAssessor.Assess(network, study);
        (double[] lambda, double[] unavailability) = ReferenceAssessor.Assess(network, study);
        for (int l = 0; l < lambda.Length; l++)
        {
            if (!Close(lambda[l], fast.LoadPoints.FailureRatePerYear[l]) || !Close(unavailability[l], fast.LoadPoints.UnavailabilityHoursPerYear[l]))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{randomCase}: load point {network.LoadPointIds[l]}: brute force λ={lambda[l]} U={unavailability[l]}, " +
                    $"fast λ={fast.LoadPoints.FailureRatePerYear[l]} U={fast.LoadPoints.UnavailabilityHoursPerYear[l]}");
            }
        }

        return true;
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(RandomNetworkArbitraries)])]
    public bool Explain_RandomRadialNetwork_RowsSumToLoadPointResults(RandomNetworkCase randomCase)
    {
        (Network network, StudyCase study) = randomCase.Build();
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            double lambda = 0;
            double u = 0;
            foreach (FailureContribution row in result.Explain(l))
            {
                lambda += row.FailureRatePerYear;
                u += row.UnavailabilityHoursPerYear;
            }

            if (!Close(lambda, result.LoadPoints.FailureRatePerYear[l]) || !Close(u, result.LoadPoints.UnavailabilityHoursPerYear[l]))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool Close(double expected, double actual) => Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected));
}
