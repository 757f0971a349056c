namespace RadCnn.TestSupport;

/// <summary>
/// A private PostgreSQL server (Debian's package) for store and cluster tests: initdb into a temporary folder,
/// listening only on a unix socket in that folder, stopped and deleted on dispose. PostgreSQL refuses to run as
/// root, so under root (the userland) the server runs as the package's unprivileged "postgres" user. fsync is
/// off: the tests stop and kill the server process, never the machine, and the page cache survives a process.
/// Usable as an xunit class fixture; <see cref="CreateDatabase"/> gives each test an empty database.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string ServerUser = "postgres";
    private const string Superuser = "radcnn";
    private const int Port = 5432;

    private readonly TempDirectory _temp = new("radcnn-pg");
    private readonly string _bin;
    private readonly bool _asRoot = Environment.UserName == "root";
    private int _databases;

    public PostgresServer()
    {
        _bin = FindBinaries();
        SocketDirectory = _temp.Combine("socket");
        DataDirectory = _temp.Combine("data");
        Directory.CreateDirectory(SocketDirectory);
        if (_asRoot)
        {
            Check(Peers.Run("chown", [ServerUser, _temp.Path, SocketDirectory]), "chown");
        }

        Check(RunAsServerUser("initdb", ["-D", DataDirectory, "-A", "trust", "-U", Superuser, "--no-sync", "-E", "UTF8", "--locale=C"]), "initdb");
        Start();
    }

    public string SocketDirectory { get; }

    public string DataDirectory { get; }

    public string LogFile => _temp.Combine("server.log");

    /// <summary>The connection string of an existing database (Npgsql's form).</summary>
    public string ConnectionString(string database) =>
        $"Host={SocketDirectory};Port={Port};Username={Superuser};Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..24];
        Psql($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    /// <summary>Runs SQL with psql against <paramref name="database"/>; returns what it printed (unaligned, tuples only).</summary>
    public string Psql(string sql, string database = "postgres")
    {
        var result = Peers.Run(Path.Combine(_bin, "psql"),
            ["-h", SocketDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Superuser, "-d", database,
             "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", sql]);
        Check(result, "psql");
        return result.StandardOutput.Trim();
    }

    public void Start() =>
        Check(RunAsServerUser("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start",
            "-o", $"-k {SocketDirectory} -c listen_addresses='' -p {Port} -c fsync=off -c max_connections=200"]), "pg_ctl start");

    /// <summary>Stops the server; "immediate" is a crash (no checkpoint, WAL replay at the next start).</summary>
    public void Stop(string mode = "fast") =>
        Check(RunAsServerUser("pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", mode, "stop"]), "pg_ctl stop");

    public void Dispose()
    {
        try
        {
            RunAsServerUser("pg_ctl", ["-D", DataDirectory, "-w", "-t", "30", "-m", "immediate", "stop"]);
        }
        finally
        {
            _temp.Dispose();
        }
    }

    private ProcessResult RunAsServerUser(string tool, IEnumerable<string> arguments)
    {
        var path = Path.Combine(_bin, tool);
        return _asRoot
            ? Peers.Run(Peers.Require("runuser", "util-linux"), ["-u", ServerUser, "--", path, .. arguments], TimeSpan.FromSeconds(90))
            : Peers.Run(path, arguments, TimeSpan.FromSeconds(90));
    }

    private void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : string.Empty;
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.Combined}\n{log}");
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (.ci/run does this).");
    }
}
