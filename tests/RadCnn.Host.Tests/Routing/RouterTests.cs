using RadCnn.Host.Routing;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Routing;

public sealed class RouterTests
{
    private static readonly RoutableItem ChestCt = new(WorkItemKind.Series, "CT", "CHEST", "1.2.840.10008.5.1.4.1.1.2", "Lung 1.0 axial", "CT01", null);
    private static readonly RoutableItem Ctpa = new(WorkItemKind.Report, null, null, null, null, null, "ctpa");

    private static readonly RoutablePlugin Nodules = new("classification", "1.0.0", 1, i => i.Modality == "CT");
    private static readonly RoutablePlugin Liver = new("segmentation", "2.0.0", 2, i => i.Modality is "CT" or "MR");
    private static readonly RoutablePlugin Nlp = new("reportnlp", "1.0.0", 1, i => i.Kind == WorkItemKind.Report);

    [Fact]
    public void Without_rules_every_accepting_plugin_runs_at_its_own_priority()
    {
        var decision = new Router(new RoutingOptions()).Route(ChestCt, [Nodules, Liver, Nlp]);
        Assert.Equal(["classification", "segmentation"], decision.Jobs.Select(j => j.PluginId));
        Assert.Equal([1, 2], decision.Jobs.Select(j => j.Priority));
    }

    [Fact]
    public void Rules_pick_plugins_and_priority_over_all_attributes()
    {
        var router = new Router(new RoutingOptions
        {
            Rules =
            [
                new RoutingRule { Modalities = ["ct"], BodyParts = ["CHEST"], SeriesDescriptionPattern = "lung", CallingAeTitles = ["CT01"], Plugins = ["classification"], Priority = "stat" },
                new RoutingRule { Modalities = ["CT"], SopClasses = ["1.2.840.10008.5.1.4.1.1.4"], Plugins = ["segmentation"] },
                new RoutingRule { ReportKinds = ["ctpa"], Plugins = ["reportnlp"], Priority = "background" },
            ],
        });

        var series = router.Route(ChestCt, [Nodules, Liver, Nlp]);
        Assert.Equal(new JobRequest("classification", "1.0.0", 0), Assert.Single(series.Jobs));

        var report = router.Route(Ctpa, [Nodules, Liver, Nlp]);
        Assert.Equal(new JobRequest("reportnlp", "1.0.0", 2), Assert.Single(report.Jobs));

        var otherAe = router.Route(ChestCt with { CallingAe = "OTHER" }, [Nodules, Liver, Nlp]);
        Assert.False(otherAe.Routed);
        Assert.Contains("no routing rule matched", otherAe.UnroutedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plugins_own_accept_list_applies_too()
    {
        var router = new Router(new RoutingOptions { Rules = [new RoutingRule { Modalities = ["MR", "CT"], Plugins = ["*"] }] });
        var mr = router.Route(ChestCt with { Modality = "MR" }, [Nodules, Liver]);
        Assert.Equal("segmentation", Assert.Single(mr.Jobs).PluginId);

        var none = router.Route(ChestCt, [Nlp]);
        Assert.False(none.Routed);
        Assert.Contains("no loaded plugin accepts", none.UnroutedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_plugin_that_declines_is_named_with_its_reason_whether_or_not_another_takes_the_item()
    {
        var detection = new RoutablePlugin("detection", "1.2.0", 1, i => i.Modality is "CR" or "DX" ? null : $"modality {i.Modality} is not among the manifest's modalities (CR, DX)");
        var router = new Router(new RoutingOptions());

        var routed = router.Route(ChestCt, [Nodules, detection]);
        Assert.Equal("classification", Assert.Single(routed.Jobs).PluginId);
        Assert.Equal(["declined by detection 1.2.0: modality CT is not among the manifest's modalities (CR, DX)"], routed.Declines);

        var unrouted = router.Route(ChestCt with { Modality = "US" }, [detection, Nlp]);
        Assert.False(unrouted.Routed);
        Assert.Equal(
            ["declined by detection 1.2.0: modality US is not among the manifest's modalities (CR, DX)", "declined by reportnlp 1.0.0: its accept list does not take the item"],
            unrouted.Declines);
        Assert.EndsWith("; declined by detection 1.2.0: modality US is not among the manifest's modalities (CR, DX); declined by reportnlp 1.0.0: its accept list does not take the item",
            unrouted.UnroutedReason, StringComparison.Ordinal);

        // A plugin no matching rule chose did not decline anything.
        var named = new Router(new RoutingOptions { Rules = [new RoutingRule { Modalities = ["CT"], Plugins = ["classification"] }] }).Route(ChestCt, [Nodules, detection]);
        Assert.Empty(named.Declines);
    }

    [Fact]
    public void A_plugin_named_by_two_rules_runs_once_at_the_most_urgent_priority()
    {
        var router = new Router(new RoutingOptions
        {
            Rules =
            [
                new RoutingRule { Modalities = ["CT"], Plugins = ["classification"], Priority = "background" },
                new RoutingRule { BodyParts = ["CHEST"], Plugins = ["classification"], Priority = "stat" },
            ],
        });
        Assert.Equal(0, Assert.Single(router.Route(ChestCt, [Nodules]).Jobs).Priority);
    }

    [Fact]
    public void Unrouted_reasons_name_missing_plugins_but_never_the_description()
    {
        var router = new Router(new RoutingOptions { Rules = [new RoutingRule { Modalities = ["CT"], Plugins = ["denoising"] }] });
        var decision = router.Route(ChestCt, [Nodules]);
        Assert.Contains("denoising", decision.UnroutedReason, StringComparison.Ordinal);
        Assert.DoesNotContain("Lung", decision.UnroutedReason, StringComparison.Ordinal);
    }
}
