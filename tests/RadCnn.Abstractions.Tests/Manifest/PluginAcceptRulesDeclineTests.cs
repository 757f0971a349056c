using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Abstractions.Tests.Manifest;

/// <summary>The manifest's rules give the reason of a decline, and match exactly when there is none.</summary>
public sealed class PluginAcceptRulesDeclineTests
{
    private static readonly PluginAcceptRules Chest = new() { Modalities = ["CR", "DX"], BodyParts = ["CHEST"], ReportKinds = ["echo"] };

    private static ImageSeriesWorkItem Series(string modality, string? bodyPart) => new()
    {
        Id = "1",
        StudyInstanceUid = "1.2",
        SeriesInstanceUid = "1.2.3",
        Modality = modality,
        BodyPartExamined = bodyPart,
        Volumes = IImageVolumeSource.FromVolume(new ImageVolume(new float[] { 1 }, 1, 1, 1, new(1, 1, 1), default, new(1, 0, 0), new(0, 1, 0))),
    };

    [Theory]
    [InlineData("CT", "CHEST", "modality CT is not among the manifest's modalities (CR, DX)")]
    [InlineData("DX", "HAND", "body part HAND is not among the manifest's body parts (CHEST)")]
    [InlineData("dx", "chest", null)]
    [InlineData("CR", null, null)]
    public void A_series_is_declined_with_the_rule_it_fails(string modality, string? bodyPart, string? reason)
    {
        Assert.Equal(reason, Chest.DeclineReason(Series(modality, bodyPart)));
        Assert.Equal(reason is null, Chest.Matches(Series(modality, bodyPart)));
    }

    [Fact]
    public void Reports_and_rules_without_series_say_why()
    {
        Assert.Null(Chest.DeclineReason(new ReportWorkItem { Id = "r", Text = "", Kind = "ECHO" }));
        Assert.Equal("report kind ct is not among the manifest's report kinds (echo)", Chest.DeclineReason(new ReportWorkItem { Id = "r", Text = "", Kind = "ct" }));
        Assert.Equal("the manifest accepts no image series", new PluginAcceptRules { ReportKinds = ["*"] }.DeclineReason(Series("CT", null)));
        Assert.Equal("the manifest accepts no reports", new PluginAcceptRules { Modalities = ["CT"] }.DeclineReason(new ReportWorkItem { Id = "r", Text = "", Kind = "ct" }));
    }
}
