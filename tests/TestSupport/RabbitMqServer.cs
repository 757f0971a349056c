using System.Diagnostics;
using System.Net.Sockets;

namespace RadCnn.TestSupport;

/// <summary>
/// A private RabbitMQ broker (Debian's package) for queue and cluster tests: its own node name, Mnesia and log
/// folders, Erlang cookie, AMQP, distribution and epmd ports on loopback, no plugins. It takes seconds to
/// start, so tests share one per class (xunit class fixture). <see cref="Stop"/> and <see cref="Start"/> take it
/// away and bring it back with its durable queues, as an outage would.
/// </summary>
public sealed class RabbitMqServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly TempDirectory _temp = new("radcnn-rmq");
    private readonly Dictionary<string, string> _environment;
    private readonly string _node;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    public RabbitMqServer()
    {
        Peers.Require("rabbitmq-server", "rabbitmq-server");
        AmqpPort = Peers.FreeTcpPort();
        var epmdPort = Peers.FreeTcpPort();
        _node = $"radcnn{Environment.ProcessId}x{AmqpPort}@localhost";
        File.WriteAllText(_temp.Combine("enabled_plugins"), "[].");
        File.WriteAllText(_temp.Combine("rabbitmq.conf"), "loopback_users = none\nlog.console = true\nlog.file = false\n");
        var cookie = _temp.Combine(".erlang.cookie");
        File.WriteAllText(cookie, Guid.NewGuid().ToString("N"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead); // Erlang refuses a cookie others can read
        }
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = _temp.Path,
            ["RABBITMQ_NODENAME"] = _node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = Peers.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = _temp.Combine("mnesia"),
            ["RABBITMQ_LOG_BASE"] = _temp.Combine("log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = _temp.Combine("enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = _temp.Combine("rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = _temp.Combine("advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = _temp.Combine("rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = _temp.Combine("rabbitmq.pid"),
        };
        Start();
    }

    public int AmqpPort { get; }

    /// <summary>The AMQP URI (guest, allowed from loopback here).</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{AmqpPort}/");

    public void Start()
    {
        var info = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmq-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("rabbitmq-server did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!Started())
        {
            if (_process.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"RabbitMQ did not start (exited: {_process.HasExited})");
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>Stops the broker (its durable queues and persistent messages stay on disk).</summary>
    public void Stop()
    {
        Ctl("stop");
        if (_process is not null)
        {
            Peers.Kill(_process, TimeSpan.FromSeconds(20));
            _process.Dispose();
            _process = null;
        }
    }

    /// <summary>
    /// A fresh virtual host (guest may use it) and its AMQP URI: tests sharing one broker keep their queues apart,
    /// so a message a test leaves behind never names a job in the next test's database.
    /// </summary>
    public Uri CreateVirtualHost()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        foreach (var command in new[] { new[] { "add_vhost", name }, ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"] })
        {
            var result = Peers.Run("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "-q", .. command], TimeSpan.FromSeconds(60), environment: _environment);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl {command[0]} failed: {result.Combined}");
            }
        }

        return new Uri($"amqp://guest:guest@127.0.0.1:{AmqpPort}/{name}");
    }

    /// <summary>The broker's latest log lines (warnings and errors name closed channels and connections), for a failing test's message.</summary>
    public string RecentLog => string.Join("\n", _log);

    /// <summary>Messages ready plus unacknowledged in a queue, from rabbitmqctl.</summary>
    public string ListQueues() =>
        Peers.Run("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "list_queues", "-q", "name", "messages"], TimeSpan.FromSeconds(60), environment: _environment).StandardOutput;

    /// <summary>Every queue of a virtual host with its ready and unacknowledged messages and its consumers, then every consumer's channel.</summary>
    public string Describe(Uri virtualHost)
    {
        ArgumentNullException.ThrowIfNull(virtualHost);
        var name = Uri.UnescapeDataString(virtualHost.AbsolutePath.TrimStart('/'));
        return string.Join("\n", new[]
        {
            new[] { "list_queues", "-p", name, "name", "messages_ready", "messages_unacknowledged", "consumers" },
            ["list_consumers", "-p", name, "queue_name", "channel_pid", "ack_required", "prefetch_count"],
            ["list_channels", "-p", name, "pid", "connection", "consumer_count", "messages_unacknowledged"],
        }.Select(command => Peers.Run("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "-q", .. command], TimeSpan.FromSeconds(60), environment: _environment).Combined));
    }

    public void Dispose()
    {
        try
        {
            Stop();
            // The epmd daemon the node started on its private port.
            Peers.Run("/usr/bin/epmd", ["-kill"], TimeSpan.FromSeconds(10), environment: _environment);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or SocketException)
        {
        }
        finally
        {
            _temp.Dispose();
        }
    }

    /// <summary>Whether the node is up; on a loaded machine rabbitmqctl itself may take longer than its own limit, which is asked again until <see cref="StartTimeout"/>.</summary>
    private bool Started()
    {
        try
        {
            return Ctl("await_startup") == 0;
        }
        catch (TimeoutException) when (_process is { HasExited: false })
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > 300 && _log.TryDequeue(out _))
        {
        }
    }

    private int Ctl(string command) =>
        Peers.Run("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", _node, "-q", command], TimeSpan.FromSeconds(60), environment: _environment).ExitCode;
}
