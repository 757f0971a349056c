using System.Diagnostics;
using System.Globalization;
using System.Text;
using RadCnn.Host.Hosting;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Cluster;

/// <summary>
/// `radcnn run` processes of one cluster on this machine, sharing a PostgreSQL database, a RabbitMQ broker and a
/// data directory. The web face is off on every node (they would all want its port); each ingest node has its own
/// DICOM port. A wait that fails names every node with its exit code and its whole log.
/// </summary>
internal sealed class ClusterNodes(string data, string pluginsDir, string database, Uri broker, string tmp) : IDisposable
{
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly List<Node> _ended = [];

    public PipelinePaths Paths { get; } = PipelinePaths.For(data);

    public IReadOnlyCollection<string> Names => _nodes.Keys;

    /// <summary>What the shared broker says (its log, its queues), added to a failing wait's message.</summary>
    public Func<string>? Broker { get; init; }

    /// <summary>A cluster in <paramref name="dir"/> (shared data, temporary files) on its own virtual host of <paramref name="rabbit"/>.</summary>
    public static ClusterNodes In(TempDirectory dir, string pluginsDir, string database, RabbitMqServer rabbit)
    {
        var broker = rabbit.CreateVirtualHost();
        return new ClusterNodes(dir.Combine("shared"), pluginsDir, database, broker, dir.Combine("tmp"))
        {
            Broker = () => rabbit.RecentLog + "\n" + rabbit.Describe(broker),
        };
    }

    /// <summary>Starts a node; <paramref name="settings"/> come after the common ones and override them. An ingest node keeps its DICOM port across restarts.</summary>
    public void Start(string name, string role, params string[] settings) => StartOn(name, role, null, settings);

    private void StartOn(string name, string role, int? freshPort, string[] settings)
    {
        var port = freshPort ?? (_nodes.TryGetValue(name, out var kept) ? kept.Port : Peers.FreeTcpPort());
        _nodes.TryGetValue(name, out var previous);
        if (previous is not null)
        {
            _ended.Add(previous);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] common =
        [
            typeof(ServiceHostBuilder).Assembly.Location, "run", "--data-dir", data, "--port", port.ToString(CultureInfo.InvariantCulture), "--plugins-dir", pluginsDir,
            "--RadCnn:Web:Enabled=false",
            "--RadCnn:Store:Provider=postgresql", $"--RadCnn:Store:ConnectionString={database}",
            "--RadCnn:Queue:Enabled=true", $"--RadCnn:Queue:Uri={broker}", "--RadCnn:Queue:RelayPollSeconds=0.1",
            $"--RadCnn:Cluster:Role={role}", $"--RadCnn:Cluster:NodeId={name}", "--RadCnn:Cluster:HeartbeatSeconds=1", "--RadCnn:Cluster:SilentAfterSeconds=5",
            "--RadCnn:Assembly:QuietPeriodSeconds=1", "--RadCnn:Storage:ReserveMegabytes=0",
            "--RadCnn:Inbox:ScanSeconds=0.5", "--RadCnn:Inbox:StableSeconds=0.5", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:RadCnn.Host.Pipeline.PipelineService=Information",
        ];
        foreach (var argument in common.Concat(settings))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TMPDIR"] = Directory.CreateDirectory(tmp).FullName;
        var node = new Node(name, role, port, settings, Process.Start(info)!);
        node.Process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node.Process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node.Process.BeginOutputReadLine();
        node.Process.BeginErrorReadLine();
        _nodes[name] = node;
    }

    /// <summary>The DICOM port of an ingest node.</summary>
    public int Port(string name) => _nodes[name].Port;

    public int ProcessId(string name) => _nodes[name].Process.Id;

    /// <summary>SIGKILL to the node's process alone: no shutdown code runs, nothing is settled with the broker or the store.</summary>
    public async Task KillAsync(string name)
    {
        var node = _nodes[name];
        node.Killed = true;
        node.Process.Kill(entireProcessTree: false);
        await node.Process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until an ingest node's listener is up (its log says so). A free port picked by the test can be
    /// taken by another test process before the node binds it; the node then exits with 69 (unavailable) and is
    /// started again on another port, twice at most.
    /// </summary>
    public async Task WaitForListenerAsync(string name)
    {
        for (var retries = 2; ; retries--)
        {
            var node = _nodes[name];
            var clock = Stopwatch.StartNew();
            while (!node.Log.Contains($"DICOM listener on port {node.Port}", StringComparison.Ordinal))
            {
                if (node.Process.HasExited && node.Process.ExitCode == ExitCodes.Unavailable && retries > 0)
                {
                    break;
                }

                if (node.Process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(90))
                {
                    Assert.Fail($"not reached after {clock.Elapsed.TotalSeconds:0} s: {name}'s listener is up\n{Report()}");
                }

                await Task.Delay(200).ConfigureAwait(false);
            }

            if (!node.Process.HasExited)
            {
                return;
            }

            StartOn(name, node.Role, Peers.FreeTcpPort(), node.Settings);
        }
    }

    /// <summary>Polls <paramref name="condition"/>; fails with every node's exit code and log when a node not killed by the test has exited or <paramref name="limit"/> (90 s) passes.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ok = false;
            try
            {
                ok = await condition().ConfigureAwait(false);
            }
            catch (Npgsql.NpgsqlException)
            {
                // The test's own connection while PostgreSQL restarts: asked again.
            }

            if (ok)
            {
                return;
            }

            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(90)) || _nodes.Values.Any(n => !n.Killed && n.Process.HasExited))
            {
                Assert.Fail($"not reached after {clock.Elapsed.TotalSeconds:0} s: {what}\n{Report()}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Every node, ended ones included: name, role, state (exit code) and whole log.</summary>
    public string Report() =>
        string.Join("\n", _ended.Concat(_nodes.Values).Select(n =>
            $"===== {n.Name} ({n.Role}, pid {n.Process.Id}): {(n.Process.HasExited ? $"exited with {n.Process.ExitCode}{(n.Killed ? " (killed by the test)" : string.Empty)}" : "running")}\n{n.Log}")
            .Append(Broker is null ? string.Empty : $"===== broker\n{Broker()}"));

    public void Dispose()
    {
        foreach (var node in _ended.Concat(_nodes.Values))
        {
            Peers.Kill(node.Process, TimeSpan.FromSeconds(10));
            node.Process.Dispose();
        }
    }

    private sealed class Node(string name, string role, int port, string[] settings, Process process)
    {
        private readonly StringBuilder _log = new();

        public string Name { get; } = name;

        public string Role { get; } = role;

        public int Port { get; } = port;

        public string[] Settings { get; } = settings;

        public Process Process { get; } = process;

        public bool Killed { get; set; }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }
    }
}
