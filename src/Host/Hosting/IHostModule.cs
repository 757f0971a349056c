using Microsoft.Extensions.Hosting;

namespace RadCnn.Host.Hosting;

/// <summary>
/// One area of the service (engine, ingestion, catalog, runner, telemetry) registering its options
/// and services on the host. Modules are found by reflection so each area owns its own file.
/// </summary>
internal interface IHostModule
{
    /// <summary>Lower runs first; modules that others build on use small numbers.</summary>
    int Order { get; }

    void Configure(HostApplicationBuilder builder);
}
