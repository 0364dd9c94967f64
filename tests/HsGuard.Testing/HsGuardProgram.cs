using System.Diagnostics;

namespace HsGuard.Testing;

/// <summary>Runs HsGuard's programs (hsguard-agent.dll, hsguard-collector.dll, built beside the
/// tests) as a user or systemd would: as processes of their own.</summary>
public static class HsGuardProgram
{
    public const string Agent = "hsguard-agent";
    public const string Collector = "hsguard-collector";

    /// <summary>Runs a command to its end (at most a minute).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program,
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancel = default)
    {
        using var process = Process.Start(StartInfo(program, args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var error = process.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running command (<c>run</c>); its output is collected for the test.</summary>
    public static RunningProgram Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Process.Start(StartInfo(program, args, environment))!);

    /// <summary>Starts a long-running command and returns once it accepts connections on
    /// <paramref name="port"/> of 127.0.0.1 (at most 30 s); fails with its output otherwise.</summary>
    public static async Task<RunningProgram> StartListeningAsync(string program, IEnumerable<string> args, int port,
        CancellationToken cancel = default)
    {
        var running = Start(program, args);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancel);
                return running;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < until && !running.HasExited)
            {
                await Task.Delay(50, cancel);
            }
            catch (System.Net.Sockets.SocketException)
            {
                string output = running.Output;
                running.Dispose();
                throw new InvalidOperationException($"{program} did not start listening on port {port}:\n{output}");
            }
        }
    }

    /// <summary>The program as its own project built it (agent/bin/CONFIGURATION/net10.0/...), with
    /// its own dependencies: a test project's output mixes in the test's (the collector's tests
    /// run on ASP.NET Core's shared framework, which the agent does not).</summary>
    public static string PathOf(string program)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);   // tests/X/bin/CONFIGURATION/TFM/
        string configuration = output.Parent!.Name;
        string project = program == Agent ? "agent" : "collector";
        return RepositoryPaths.Combine(project, "bin", configuration, output.Name, program + ".dll");
    }

    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PathOf(program));
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return info;
    }
}

/// <summary>A started HsGuard program; disposing it kills it (by its pid) and reaps it.</summary>
public sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    internal RunningProgram(Process process)
    {
        _process = process;
        Pid = process.Id;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and error so far, interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>SIGKILL: the program gets no chance to finish what it was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops a service, then waits for the exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
        }
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
