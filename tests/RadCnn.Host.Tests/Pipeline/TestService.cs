using Microsoft.Extensions.Hosting;
using RadCnn.Host.Hosting;

namespace RadCnn.Host.Tests.Pipeline;

/// <summary>The service as the pipeline tests run it in-process: short quiet period, scans and polls, no disk reserve.</summary>
internal static class TestService
{
    /// <param name="dataDirectory">The service's data directory.</param>
    /// <param name="port">The DICOM listener's port; null leaves the listener off.</param>
    /// <param name="pluginsDirectory">The catalog's folder (the tests mostly replace the gateway).</param>
    /// <param name="settings">More `--Section:Key=value` settings; they override the ones above.</param>
    public static HostApplicationBuilder Create(string dataDirectory, int? port, string pluginsDirectory, params string[] settings) =>
        ServiceHostBuilder.Create(
        [
            $"--RadCnn:DataDirectory={dataDirectory}",
            port is { } p ? $"--RadCnn:Listener:Port={p}" : "--RadCnn:Listener:Enabled=false",
            $"--RadCnn:Plugins:Directory={pluginsDirectory}",
            "--RadCnn:Assembly:QuietPeriodSeconds=1",
            "--RadCnn:Inbox:StableSeconds=0.3",
            "--RadCnn:Inbox:ScanSeconds=0.1",
            "--RadCnn:Runner:PollSeconds=0.1",
            "--RadCnn:Storage:ReserveMegabytes=0",
            // Tests run side by side: the web face (port 8080 by default) is on only where a test asks for it, on a port of its own.
            "--RadCnn:Web:Enabled=false",
            .. settings,
        ], null);
}
