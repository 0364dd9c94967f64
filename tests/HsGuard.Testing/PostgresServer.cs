using System.Diagnostics;
using System.Net.Sockets;

namespace HsGuard.Testing;

/// <summary>
/// A real PostgreSQL server of the tests' own: a fresh cluster (initdb) in a temporary directory,
/// run as the postgres system user (PostgreSQL refuses to run as root) on a free port of
/// 127.0.0.1 only, with fsync off (a test database need not survive a power cut). Stopped by its
/// own pid and removed on dispose. Needs Debian's postgresql package (tests/run installs it).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "hsguard";
    private readonly string _directory;
    private readonly Process _process;

    private PostgresServer(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> (create it with <see cref="CreateDatabaseAsync"/>).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database};Pooling=true;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        string bin = FindBinaries();
        string directory = Directory.CreateTempSubdirectory("hsguard-pg-").FullName;
        string data = Path.Combine(directory, "data");
        await RunAsync("chown", "postgres:postgres", directory);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", data, "-U", Superuser, "-A", "trust",
            "--no-sync", "--no-instructions", "-E", "UTF8", "--locale", "C");
        int port = LoopbackPorts.Free();
        var info = new ProcessStartInfo("runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-u", "postgres", "--", Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off" })
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info)!;
        var server = new PostgresServer(directory, process, port);
        var output = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                await server.DisposeAsync();
                lock (output)
                {
                    throw new InvalidOperationException("PostgreSQL did not start: " + output);
                }
            }
            await Task.Delay(100);
        }
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(FindBinaries(), "createdb"), "-h", "127.0.0.1",
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Superuser, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // runuser passes SIGTERM on to postgres: a smart shutdown.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "postgres"))).OrderDescending().FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/postgres); tests/run installs it");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {error}");
        }
    }
}
