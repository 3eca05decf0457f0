using Lumen.Reliability.Predictive;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class LoadLevelsTests
{
    [Theory]
    [InlineData(0.55)]
    [InlineData(0.8)]
    [InlineData(0.7)]
    public void Default_MeanIsTheLoadFactor_AndHoursFillTheYear(double loadFactor)
    {
        LoadLevels levels = LoadLevels.Default(loadFactor);
        Assert.Equal(5, levels.Count);
        Assert.Equal(8760, levels.Levels.Sum(l => l.Hours), 9);
        Assert.Equal(1, levels.Weights.Sum(), 12);
        double mean = levels.Levels.Sum(l => l.FractionOfPeak * l.Hours) / 8760;
        Assert.Equal(loadFactor, mean, 9);
        Assert.True(levels.Levels[0].FractionOfPeak > 0.95);
    }

    [Fact]
    public void Default_LowLoadFactor_MinimumHeldAtOneTwentieth()
    {
        // 2·0.3 − 1 < 0.05: the line runs from 1 to 0.05, so the mean is 0.525, not 0.3.
        LoadLevels levels = LoadLevels.Default(0.3);
        Assert.Equal(0.525, levels.Levels.Sum(l => l.FractionOfPeak * l.Hours) / 8760, 9);
    }

    [Fact]
    public void FromSeries_BinsTheSortedValues()
    {
        // 100 samples 1..100: the top 5 % bin holds 96..100 (mean 98), the last 20 % holds 1..20 (mean 10.5).
        double[] values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        LoadLevels levels = LoadLevels.FromSeries(values)!;
        Assert.Equal(5, levels.Count);
        Assert.Equal(0.98, levels.Levels[0].FractionOfPeak, 12);
        Assert.Equal(0.05 * 8760, levels.Levels[0].Hours, 9);
        Assert.Equal(0.105, levels.Levels[4].FractionOfPeak, 12);
        Assert.Null(LoadLevels.FromSeries([1, 2, 3]));
    }

    [Fact]
    public void Constructor_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LoadLevels([]));
        Assert.Throws<ArgumentException>(() => new LoadLevels([new LoadLevel(0, 10)]));
        Assert.Throws<ArgumentException>(() => new LoadLevels([new LoadLevel(0.5, double.NaN)]));
    }
}
