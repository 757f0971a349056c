using RadCnn.Abstractions.Manifest;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Abstractions.Tests.Manifest;

public sealed class PluginAcceptRulesTests
{
    private static readonly IImageVolumeSource NoVolume = IImageVolumeSource.FromVolume(new ImageVolume(new float[1], 1, 1, 1, new(1, 1, 1), default, new(1, 0, 0), new(0, 1, 0)));

    private static ImageSeriesWorkItem Series(string modality, string? bodyPart = null, string? sop = null) => new()
    {
        Id = "x",
        StudyInstanceUid = "1.2.3",
        SeriesInstanceUid = "1.2.3.4",
        Modality = modality,
        BodyPartExamined = bodyPart,
        SopClassUid = sop,
        Volumes = NoVolume,
    };

    [Fact]
    public void Series_match_on_modality_body_part_and_sop_class()
    {
        var rules = new PluginAcceptRules { Modalities = ["CT"], BodyParts = ["CHEST"], SopClasses = ["1.2.840.10008.5.1.4.1.1.2"] };

        Assert.True(rules.Matches(Series("ct", "chest", "1.2.840.10008.5.1.4.1.1.2")));
        Assert.True(rules.Matches(Series("CT", null, "1.2.840.10008.5.1.4.1.1.2"))); // a missing body part does not exclude
        Assert.False(rules.Matches(Series("MR", "CHEST", "1.2.840.10008.5.1.4.1.1.2")));
        Assert.False(rules.Matches(Series("CT", "ABDOMEN", "1.2.840.10008.5.1.4.1.1.2")));
        Assert.False(rules.Matches(Series("CT", "CHEST", "1.2.840.10008.5.1.4.1.1.4")));
    }

    [Fact]
    public void Reports_match_on_kind_or_wildcard_and_never_by_default()
    {
        var report = new ReportWorkItem { Id = "r", Text = "No embolus.", Kind = "CTPA" };

        Assert.True(new PluginAcceptRules { ReportKinds = ["ctpa"] }.Matches(report));
        Assert.True(new PluginAcceptRules { ReportKinds = ["*"] }.Matches(report));
        Assert.False(new PluginAcceptRules { ReportKinds = ["ct-chest"] }.Matches(report));
        Assert.False(new PluginAcceptRules { Modalities = ["CT"] }.Matches(report));
        Assert.False(new PluginAcceptRules { ReportKinds = ["*"] }.Matches(Series("CT")));
    }
}
