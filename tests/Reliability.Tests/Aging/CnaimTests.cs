using Lumen.Reliability.Aging;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class CnaimTests
{
    private const double Tol = 1e-9;

    private static void Close(double expected, double actual, double relative = Tol) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(4, 28.500450698666665)]
    [InlineData(10, 285.0093671666666)]
    [InlineData(0.5, 1.717953739645833)]
    public void Polynomial_TableValues(double health, double expected) => Close(expected, Cnaim.Polynomial(health));

    [Fact]
    public void Evaluate_DefaultTransformer55Years_SpecAndPackage()
    {
        // EL = 60 / (1 × 0.925) (indoor default), H = 0.5·e^(ln 11 · 55/EL) = 3.8193; the package divides by 3 (Q2).
        var asset = CnaimAsset.Create(CnaimCategory.Transformer11kV, 55);
        CnaimHealth spec = Cnaim.Evaluate(asset, [], CnaimMode.Spec);
        Close(60 / 0.925, spec.ExpectedLifeYears);
        Close(3.819303920182842, spec.CurrentHealth);
        Close(0.0022230351544959997, spec.PofPerYear);
        CnaimHealth package = Cnaim.Evaluate(asset, [], CnaimMode.RPackage);
        Close(1.273101306727614, package.CurrentHealth);
        Close(0.0002950814705164702, package.PofPerYear);
    }

    [Fact]
    public void Future_Transformer55Years_AgeingReductionApplies()
    {
        var asset = CnaimAsset.Create(CnaimCategory.Transformer11kV, 55);
        var pof = new double[11];
        var fhs = new double[11];
        Assert.True(Cnaim.Future(asset, [], CnaimMode.Spec, pof, fhs));
        Close(5.12169077271468, fhs[10]);
        Close(0.00396425732592793, pof[10]);
        Close(0.0022230351544959997, pof[0]);
    }

    [Fact]
    public void Future_PackageAgeZeroAtNewHealth_HasNoFuture()
    {
        var pof = new double[3];
        Assert.False(Cnaim.Future(CnaimAsset.Create(CnaimCategory.Transformer11kV, 0), [], CnaimMode.RPackage, pof, []));
        Assert.True(double.IsNaN(pof[0]));
        Assert.True(Cnaim.Future(CnaimAsset.Create(CnaimCategory.Transformer11kV, 0), [], CnaimMode.Spec, pof, []));
    }

    [Fact]
    public void Evaluate_TransformerSubstantialDeterioration_CollarEight()
    {
        Assert.True(ConditionTables.TryRead(CnaimFamily.Transformer, ConditionInput.ExternalCondition, "Substantial Deterioration", out ConditionReading r));
        CnaimHealth h = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.Transformer11kV, 5), [r], CnaimMode.Spec);
        Close(8, h.CurrentHealth);
        Close(0.000078 * Cnaim.Polynomial(8), h.PofPerYear);
        Close(0.012254, h.PofPerYear, 1e-4);
    }

    [Fact]
    public void Evaluate_ConcretePoleWithTopRotAndGoodDecay_CapFirst()
    {
        // H_init = 5.5 (age 80 > life 60); HSF: observed 1.3 > 1, measured 0.8 → 1.3; 7.15 is capped at 5.4 by "None".
        Assert.True(ConditionTables.TryRead(CnaimFamily.Pole, ConditionInput.PoleDecay, "None", out ConditionReading decay));
        Assert.True(ConditionTables.TryRead(CnaimFamily.Pole, ConditionInput.PoleTopRot, "Yes", out ConditionReading rot));
        CnaimHealth h = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.Pole11kV, 80), [decay, rot], CnaimMode.Spec);
        Close(5.5, h.InitialHealth);
        Close(1.3, h.HealthScoreFactor);
        Close(5.4, h.CurrentHealth);
        Close(0.016474129820008624, h.PofPerYear);
    }

    [Fact]
    public void Evaluate_SwitchgearSomeDeterioration_CollarThree()
    {
        Assert.True(ConditionTables.TryRead(CnaimFamily.Switchgear, ConditionInput.ExternalCondition, "some_deterioration", out ConditionReading r));
        CnaimHealth h = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.Rmu11kV, 30), [r], CnaimMode.Spec);
        Close(1.6764860731751212, h.InitialHealth);
        Close(1.2, h.HealthScoreFactor);
        Close(3, h.CurrentHealth);
        Close(0.000067 * Cnaim.Polynomial(4), h.PofPerYear);
    }

    [Fact]
    public void Evaluate_LinkBox40Years_SingleMeasuredFactorQuirk()
    {
        CnaimHealth spec = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.LvUgb, 40), [], CnaimMode.Spec);
        Close(2.859871386892258, spec.CurrentHealth);
        Close(0.000077 * Cnaim.Polynomial(4), spec.PofPerYear);
        CnaimHealth package = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.LvUgb, 40), [], CnaimMode.RPackage);
        Close(0.9532904622974193, package.CurrentHealth);
        Close(0.00021240864244282258, package.PofPerYear);
    }

    [Fact]
    public void Evaluate_DanishCableSheathFailedMajor_Collar()
    {
        Assert.True(ConditionTables.TryRead(CnaimFamily.Cable, ConditionInput.SheathTest, "Failed Major", out ConditionReading r));
        CnaimHealth h = Cnaim.Evaluate(CnaimAsset.Create(CnaimCategory.Cable10kVPexDk, 40), [r], CnaimMode.Spec);
        Close(1.6583123951777001, h.InitialHealth);
        Close(5.5, h.CurrentHealth);
        Close(0.03978538847184153, h.PofPerYear);
    }

    [Fact]
    public void Mmi_HandComputed()
    {
        Close(1.6, Cnaim.Mmi([1.2, 1.4, 1.3], 2, CnaimMode.Spec));
        Close(1.4 + (0.3 / 1.5) + (0.2 / 1.5), Cnaim.Mmi([1.2, 1.4, 1.3], 3, CnaimMode.Spec));
        Close(0.9 - (0.05 / 1.5), Cnaim.Mmi([0.95, 0.9], 2, CnaimMode.Spec));
        Close(1.0, Cnaim.Mmi([1.0], 2, CnaimMode.Spec));
        Close(1.0 / 3, Cnaim.Mmi([1.0], 2, CnaimMode.RPackage));
        Close(0.9 - (1 / 1.5), Cnaim.Mmi([0.9], 1, CnaimMode.RPackage));
    }

    [Fact]
    public void HealthScoreFactor_TableNine()
    {
        Close(1.4 + (0.2 / 1.5), Cnaim.HealthScoreFactor(1.4, 1.2));
        Close(1.4, Cnaim.HealthScoreFactor(0.9, 1.4));
        Close(0.9 - (0.05 / 1.5), Cnaim.HealthScoreFactor(0.95, 0.9));
    }

    [Fact]
    public void LocationFactor_CoastalIndustrialHighAltitude_SpecAndQuirk()
    {
        var asset = CnaimAsset.Create(CnaimCategory.Transformer11kV, 10) with { Placement = Placement.Outdoor, DistanceFromCoastKm = 0.5, CorrosionIndex = 4, AltitudeM = 350 };
        Close(1.35 + (2 * 0.05), Cnaim.LocationFactor(asset, CnaimMode.Spec));
        Close(1.1 + 0.05, Cnaim.LocationFactor(asset, CnaimMode.RPackage));
        Close(0.925, Cnaim.LocationFactor(CnaimAsset.Create(CnaimCategory.Transformer11kV, 10), CnaimMode.Spec));
        Close(1.0, Cnaim.LocationFactor(CnaimAsset.Create(CnaimCategory.Pole11kV, 10) with { PoleMaterial = PoleMaterial.Wood, DistanceFromCoastKm = 0.2 }, CnaimMode.Spec));
    }

    [Fact]
    public void DutyFactor_TransformerAndCable()
    {
        Close(1.4, Cnaim.DutyFactor(CnaimAsset.Create(CnaimCategory.Transformer10kVDk, 1) with { UtilisationPct = 120 }));
        Close(0.9, Cnaim.DutyFactor(CnaimAsset.Create(CnaimCategory.Transformer10kVDk, 1) with { UtilisationPct = 40 }));
        Close(0.85, Cnaim.DutyFactor(CnaimAsset.Create(CnaimCategory.Cable10kVPexDk, 1) with { UtilisationPct = 60, OperatingVoltagePct = 50 }));
    }

    [Fact]
    public void OilTest_DefaultScoreIs250()
    {
        ConditionReading r = ConditionTables.OilTest(double.NaN, double.NaN, double.NaN);
        Close(1.0, r.Factor);
        ConditionReading bad = ConditionTables.OilTest(60, 0.6, 25);
        Close(1.4, bad.Factor);
        Close(5.5, bad.Collar);
    }
}
