using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RadCnn.Abstractions.Engine;
using RadCnn.Host.Cluster;
using RadCnn.Host.Hosting;
using RadCnn.Host.Ingestion;
using RadCnn.Host.Outputs;
using RadCnn.Host.Queue;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.SeriesAssembly;
using RadCnn.Host.Store;
using RadCnn.Host.Telemetry;

namespace RadCnn.Host.Pipeline;

/// <summary>Registers the processing pipeline: store, spool, inboxes, listener, assembler, router, runner, outputs.</summary>
internal sealed class PipelineHostModule : IHostModule
{
    // After the engine and the plugin catalog, whose services it uses.
    public int Order => 100;

    public void Configure(HostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(_ => PipelinePaths.From(configuration));
        Bind<SeriesAssemblyOptions>(services, configuration, SeriesAssemblyOptions.Section);
        Bind<RunnerOptions>(services, configuration, RunnerOptions.Section);
        Bind<InboxOptions>(services, configuration, InboxOptions.Section);
        Bind<StorageOptions>(services, configuration, StorageOptions.Section);
        Bind<ListenerSettings>(services, configuration, ListenerSettings.Section);
        Bind<ForwardingOptions>(services, configuration, ForwardingOptions.Section);
        Bind<StoreOptions>(services, configuration, StoreOptions.Section);
        Bind<ClusterOptions>(services, configuration, ClusterOptions.Section);
        Bind<QueueOptions>(services, configuration, QueueOptions.Section);
        services.AddSingleton(_ =>
        {
            var options = new RoutingOptions();
            configuration.GetSection(RoutingOptions.Section).Bind(options);
            return options;
        });

        services.AddSingleton<IJobStore>(sp => JobStoreFactory.Open(sp.GetRequiredService<StoreOptions>(), sp.GetRequiredService<PipelinePaths>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ClusterOptions>().EffectiveNodeId, sp.GetRequiredService<QueueOptions>().Enabled));
        services.AddSingleton(sp => new Spool(sp.GetRequiredService<PipelinePaths>().Spool));
        services.AddSingleton(sp => new StorageGuard(sp.GetRequiredService<Spool>().Root, sp.GetRequiredService<StorageOptions>()));
        services.AddSingleton(sp => new OutboxWriter(sp.GetRequiredService<PipelinePaths>().Outbox));
        services.AddSingleton<SeriesAssembler>();
        services.AddSingleton<WorkItemQueue>();
        services.AddSingleton<InstanceIngestor>();
        services.AddSingleton<ReportIngestor>();
        services.AddSingleton(sp => new FolderInbox(new InboxFolder(sp.GetRequiredService<PipelinePaths>().Inbox, sp.GetRequiredService<ILogger<FolderInbox>>(), "DICOM inbox"), sp.GetRequiredService<InstanceIngestor>(),
            sp.GetRequiredService<InboxOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FolderInbox>>()));
        services.AddSingleton(sp => new ReportInbox(new InboxFolder(sp.GetRequiredService<PipelinePaths>().Reports, sp.GetRequiredService<ILogger<ReportInbox>>(), "report inbox"), sp.GetRequiredService<ReportIngestor>(),
            sp.GetRequiredService<InboxOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReportInbox>>()));
        services.AddSingleton<PipelineStorageHandler>();
        services.AddSingleton(sp => new Router(sp.GetRequiredService<RoutingOptions>()));
        services.TryAddSingleton<IPluginGateway, NoPluginsGateway>();
        services.AddSingleton<WorkItemFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<ForwardingOptions>().Enabled
            ? new ResultForwarder(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<ForwardingOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ResultForwarder>>(),
                sendsHere: sp.GetRequiredService<ClusterOptions>().Ingests)
            : null!);
        services.AddSingleton<IJobHandler>(sp => new PluginJobHandler(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<WorkItemFactory>(),
            sp.GetRequiredService<IPluginGateway>(), sp.GetRequiredService<OutboxWriter>(), sp.GetService<ResultForwarder>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IInferenceEngine>()?.DeviceName));
        if (configuration.GetValue<bool>(QueueOptions.Section + ":Enabled"))
        {
            services.AddSingleton<QueueJobFeed>();
            services.AddSingleton<IJobFeed>(sp => sp.GetRequiredService<QueueJobFeed>());
            services.AddSingleton<OutboxRelay>();
            services.AddSingleton<DeadLetterConsumer>();
        }

        services.AddSingleton<JobRunner>();
        services.AddSingleton<RoutingStage>();
        services.AddSingleton<HealthReporter>();
        services.AddSingleton<NodeHeartbeat>();
        services.AddSingleton<PipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineService>());
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class, new()
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<T>>().Value);
    }
}
