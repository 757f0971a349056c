using RadCnn.Plugins.ReportNlp.Rules;

namespace RadCnn.Plugins.ReportNlp.Tests.Rules;

/// <summary>The rule baseline's negation, hedging and history scope on hand-written sentences.</summary>
public sealed class NegExBaselineTests
{
    [Theory]
    [InlineData("No evidence of pulmonary embolism.", false)]
    [InlineData("There are no filling defects in the pulmonary arterial tree.", false)]
    [InlineData("No central, lobar or segmental pulmonary embolism.", false)]
    [InlineData("Pulmonary embolism is not seen.", false)]
    [InlineData("PE is ruled out.", false)]
    [InlineData("Acute pulmonary embolism in the right lower lobe arteries.", true)]
    [InlineData("Saddle embolus straddling the bifurcation.", true)]
    public void PlainStatementsAndNegations(string text, bool positive) => Assert.Equal(positive, NegExBaseline.Read(text).Positive);

    [Theory]
    [InlineData("No pleural effusion; however, there is a filling defect in the right lower lobe artery.")]
    [InlineData("No pneumothorax, but acute emboli are seen in the left lower lobe.")]
    [InlineData("Acute pulmonary embolism without evidence of right heart strain.")]
    [InlineData("Although no infarct is seen, there is acute PE in the lingular branches.")]
    public void ANegationsScopeEndsBeforeTheEmbolism(string text)
    {
        var reading = NegExBaseline.Read(text);
        Assert.True(reading.Positive, string.Join("; ", reading.Mentions));
        Assert.Contains(reading.Mentions, m => m.Status == MentionStatus.Affirmed);
    }

    [Theory]
    [InlineData("Subsegmental pulmonary embolism cannot be excluded due to motion.")]
    [InlineData("Possible PE versus artifact in the right lower lobe.")]
    [InlineData("Equivocal hypodensity in a segmental branch, indeterminate for embolus.")]
    public void LowCertaintyHedgesAreUncertainNotPositive(string text)
    {
        var reading = NegExBaseline.Read(text);
        Assert.False(reading.Positive);
        Assert.Equal(0.5, reading.Score);
        Assert.All(reading.Mentions, m => Assert.Equal(MentionStatus.Uncertain, m.Status));
    }

    [Fact]
    public void HighCertaintyHedgesAreAffirmed() =>
        Assert.True(NegExBaseline.Read("Filling defect in the RLL artery, most likely representing acute pulmonary embolism.").Positive);

    [Theory]
    [InlineData("INDICATION: Chest pain, r/o PE.\nFINDINGS:\nThe pulmonary arteries are patent.")]
    [InlineData("CLINICAL HISTORY: History of saddle embolus.\nFINDINGS:\nNormal opacification of the pulmonary arteries.")]
    [InlineData("Hemoptysis, question pulmonary embolism. The pulmonary arteries are patent.")]
    public void IndicationAndHistoryAreHistorical(string text)
    {
        var reading = NegExBaseline.Read(text);
        Assert.False(reading.Positive);
        Assert.Contains(reading.Mentions, m => m.Status == MentionStatus.Historical);
    }

    [Fact]
    public void ChronicOnlyIsNotAcuteButAcuteOnChronicIs()
    {
        Assert.False(NegExBaseline.Read("Eccentric mural thrombus with a web, consistent with chronic pulmonary embolism. No acute embolus.").Positive);
        Assert.False(NegExBaseline.Read("Residual chronic PE, no new emboli.").Positive);
        Assert.True(NegExBaseline.Read("Acute on chronic pulmonary embolism involving the right lower lobe arteries.").Positive);
    }

    [Fact]
    public void ProtocolNamesAreNotFindings()
    {
        var reading = NegExBaseline.Read("CTA CHEST PE PROTOCOL\nFINDINGS: The pulmonary arteries are patent.");
        Assert.False(reading.Positive);
        Assert.Equal(MentionStatus.Pseudo, Assert.Single(reading.Mentions).Status);
    }

    [Fact]
    public void ANegationOutsideItsWindowDoesNotReachTheTerm() =>
        Assert.True(NegExBaseline.Read("No pleural effusion or pericardial effusion or lymphadenopathy or consolidation or nodule or mass and a saddle embolus is present.").Positive);
}
