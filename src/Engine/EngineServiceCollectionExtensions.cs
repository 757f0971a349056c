using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadCnn.Abstractions.Engine;

namespace RadCnn.Engine;

/// <summary>Registers the shared inference engine in a service collection: the one explicit way a host gets an engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers one engine for the process as <see cref="ISharedInferenceEngine"/> (for its owner, which
    /// disposes it) and <see cref="IInferenceEngine"/> (for everyone else), created from
    /// <see cref="EngineOptions"/> validated at start-up. Returns the options builder so the caller binds
    /// the settings, e.g. <c>.Bind(configuration.GetSection(EngineOptions.SectionName))</c>.
    /// </summary>
    public static OptionsBuilder<EngineOptions> AddRadCnnEngine(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => InferenceEngineFactory.Create(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<ISharedInferenceEngine>());
        return services.AddOptions<EngineOptions>().ValidateDataAnnotations().ValidateOnStart();
    }
}
