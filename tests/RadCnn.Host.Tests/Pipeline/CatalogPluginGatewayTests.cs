using RadCnn.Abstractions.Results;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Plugins;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>
/// When a job runs, the version leased then checks the item once more (after a hot swap it may not be
/// the version routing matched); a decline becomes the job's not-applicable result with its reason.
/// </summary>
public sealed class CatalogPluginGatewayTests
{
    [Fact]
    public async Task Routing_sees_the_manifests_reason_for_a_decline()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Faulty", h.PluginsDirectory, "faulty");
        await h.Catalog.StartAsync(CancellationToken.None);

        var faulty = Assert.Single(new CatalogPluginGateway(h.Catalog).Active());
        var decision = new Router(new RoutingOptions()).Route(new RoutableItem(WorkItemKind.Series, "CT", "CHEST", "1.2.840.10008.5.1.4.1.1.2", null, null, null), [faulty]);

        Assert.False(decision.Routed);
        Assert.Equal(["declined by fixture.faulty 1.0.0: modality CT is not among the manifest's modalities (OT)"], decision.Declines);
        Assert.Null(faulty.DeclineReason(new RoutableItem(WorkItemKind.Series, "OT", null, null, null, null, null)));
    }

    [Fact]
    public async Task A_decline_when_the_job_runs_records_the_reason_of_the_version_that_declined()
    {
        await using var h = new CatalogHarness();
        FixturePlugins.Deploy("Faulty", h.PluginsDirectory, "faulty");
        await h.Catalog.StartAsync(CancellationToken.None);
        var gateway = new CatalogPluginGateway(h.Catalog);

        var own = await gateway.RunAsync("fixture.faulty", CatalogHarness.Item("decline-1"), CancellationToken.None);
        var thrown = await gateway.RunAsync("fixture.faulty", CatalogHarness.Item("accepts-throws-1"), CancellationToken.None);
        var rule = await gateway.RunAsync("fixture.faulty", CatalogHarness.Item("ok-1", modality: "CT"), CancellationToken.None);
        var taken = await gateway.RunAsync("fixture.faulty", CatalogHarness.Item("ok-2"), CancellationToken.None);

        Assert.Equal(PluginRunOutcome.NotApplicable, own.Outcome);
        Assert.Equal(PluginResultStatus.NotApplicable, own.Result.Status);
        Assert.Equal("declined by fixture.faulty 1.0.0 when the job ran: the plugin's own Accepts check declined it", own.Result.Message);
        Assert.Equal("declined by fixture.faulty 1.0.0 when the job ran: the plugin's own Accepts check failed (InvalidOperationException)", thrown.Result.Message);
        Assert.Equal("declined by fixture.faulty 1.0.0 when the job ran: modality CT is not among the manifest's modalities (OT)", rule.Result.Message);
        Assert.Equal(PluginRunOutcome.Succeeded, taken.Outcome);
    }
}
