using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RadCnn.Engine;

namespace RadCnn.Host.Hosting;

/// <summary>
/// Puts the shared inference engine in the service, explicitly and first (it is not a discovered
/// module): the engine's public <see cref="EngineServiceCollectionExtensions.AddRadCnnEngine"/> with
/// "RadCnn:Engine" bound and validated at start-up, and the engine created at start so the chosen
/// device is logged before any work arrives. Where libtorch cannot load, the process says what is
/// missing in one line and exits, rather than failing later with a type-initializer stack trace.
/// </summary>
internal static class EngineHostModule
{
    /// <summary>Exit code when the native engine cannot load (EX_UNAVAILABLE).</summary>
    public const int LibtorchUnavailableExitCode = ExitCodes.Unavailable;

    public static void AddEngine(HostApplicationBuilder builder)
    {
        ExitIfLibtorchCannotLoad();
        builder.Services.AddRadCnnEngine().Bind(builder.Configuration.GetSection(EngineOptions.SectionName));
        builder.Services.AddHostedService<EngineStartup>();
    }

    /// <summary>Why libtorch did not load, in one line, or null when it loads.</summary>
    public static string? LibtorchProblem()
    {
        // TorchSharp prints its whole load trace to stdout before it throws; the one line below replaces it.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            _ = TorchSharp.torch.cuda.is_available();
            return null;
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or NotSupportedException)
        {
            var inner = ex;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            var detail = inner.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            if (detail.Length > 160)
            {
                detail = detail[..160] + "...";
            }

            return "radcnn: the inference engine cannot load libtorch (TorchSharp's native library needs libstdc++ with GLIBCXX_3.4.32 and GLIBC 2.34): "
                + "start RadCnn through ./radcnn, which provides a Debian 13 userland, or use a host that has GLIBCXX_3.4.32 (Debian 13, Ubuntu 24.04). "
                + $"[{inner.GetType().Name}: {detail}]";
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    private static void ExitIfLibtorchCannotLoad()
    {
        if (LibtorchProblem() is { } problem)
        {
            // Nothing has started yet, so exiting here leaves nothing half-running.
            Console.Error.WriteLine(problem);
            Environment.Exit(LibtorchUnavailableExitCode);
        }
    }

    /// <summary>Creates the engine when the host starts (logging its device) and disposes it on shutdown.</summary>
    private sealed class EngineStartup(ISharedInferenceEngine engine) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync().ConfigureAwait(false);
    }
}
