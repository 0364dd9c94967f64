using System.Text.Json;
using HsGuard.Agent.Tests.Sampling;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Cli;

/// <summary><c>hsguard-agent snapshot</c> run as a program, against this host.</summary>
[Collection(LiveProcCollection.Name)]
public sealed class SnapshotCommandTests
{
    private static readonly string[] ProcessKeys =
        ["pid", "ppid", "uid", "user", "comm", "exe", "exe_deleted", "cmdline", "state", "cpu_percent", "threads", "rss_kb", "start_time"];

    private static readonly string[] UserKeys = ["user", "uid", "cpu_percent", "processes", "rss_kb"];

    [Fact]
    public async Task Snapshot_Json_OneObjectWithTheDocumentedFields()
    {
        using var burner = Burner.Start("-n", "hsg-snapshot", "-a", "innocent --looking");

        var (exit, output, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["snapshot", "--json"], cancel: TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        var processes = doc.RootElement.GetProperty("processes").EnumerateArray().ToList();
        var users = doc.RootElement.GetProperty("users").EnumerateArray().ToList();
        Assert.All(processes, p => Assert.All(ProcessKeys, k => Assert.True(p.TryGetProperty(k, out _), k)));
        Assert.All(users, u => Assert.All(UserKeys, k => Assert.True(u.TryGetProperty(k, out _), k)));
        var mine = processes.Single(p => p.GetProperty("pid").GetInt32() == burner.Pid);
        Assert.Equal("hsg-snapshot", mine.GetProperty("comm").GetString());
        Assert.Equal(Burner.Program, mine.GetProperty("exe").GetString());
        Assert.False(mine.GetProperty("exe_deleted").GetBoolean());
        Assert.Equal("innocent --looking", mine.GetProperty("cmdline").GetString());
        Assert.True(mine.GetProperty("cpu_percent").GetDouble() > 20);
        Assert.Equal(2, mine.GetProperty("threads").GetInt32());
        Assert.Equal("root", mine.GetProperty("user").GetString());
        Assert.True(mine.GetProperty("start_time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var root = users.Single(u => u.GetProperty("uid").GetInt32() == 0);
        Assert.Equal(processes.Count(p => p.GetProperty("uid").GetInt32() == 0), root.GetProperty("processes").GetInt32());
    }

    [Fact]
    public async Task Snapshot_Table_UsersWithTheirBusiestProcesses()
    {
        using var burner = Burner.Start("-n", "hsg-table");

        var (exit, output, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["snapshot", "--top", "1000"], cancel: TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n');
        int rootLine = Array.FindIndex(lines, l => l.StartsWith("root ", StringComparison.Ordinal));
        Assert.True(rootLine > 0, output);
        // Under root, its processes, busiest first; the burner among them with its pid.
        var underRoot = lines.Skip(rootLine + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Contains(underRoot, l => l.Contains("hsg-table", StringComparison.Ordinal) && l.Contains($" {burner.Pid} ", StringComparison.Ordinal));
        var cpu = underRoot.Select(l => double.Parse(l.Split('%')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(cpu.OrderByDescending(c => c), cpu);
    }

    [Theory]
    [InlineData("HSGUARD_Agent__Sampler__Interval", "abc", "Agent:Sampler:Interval")]
    [InlineData("HSGUARD_Agent__Sampler__Interval", "00:10:00", "Interval")]
    [InlineData("HSGUARD_Agent__Sampler__ProcRoot", "/nonexistent", "ProcRoot")]
    [InlineData("HSGUARD_Agent__Sampler__CommandLineMaxBytes", "-1", "CommandLineMaxBytes")]
    public async Task Snapshot_WrongConfigurationValue_ClearErrorNamingTheKey(string variable, string value, string named)
    {
        var (exit, output, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["snapshot"], new Dictionary<string, string> { [variable] = value },
            TestContext.Current.CancellationToken);

        Assert.Equal(78, exit);
        Assert.Empty(output);
        Assert.StartsWith("hsguard: configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_BrokenConfigFile_ClearErrorWithItsPlace()
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("agent.json");
        await File.WriteAllTextAsync(file, "{ \"Agent\": { \"Sampler\": { \"Interval\": } } }", TestContext.Current.CancellationToken);

        var (exit, _, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["snapshot", "--config", file], cancel: TestContext.Current.CancellationToken);

        Assert.Equal(78, exit);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_ConfigFile_Honoured()
    {
        using var dir = new TempDirectory();
        string file = dir.Combine("agent.json");
        await File.WriteAllTextAsync(file, "{ \"Agent\": { \"Sampler\": { \"Interval\": \"00:00:00.300\" } } }", TestContext.Current.CancellationToken);

        var (exit, output, error) = await HsGuardProgram.RunAsync(HsGuardProgram.Agent, ["snapshot", "--json", "--config", file], cancel: TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.InRange(doc.RootElement.GetProperty("interval_seconds").GetDouble(), 0.25, 0.6);
    }
}
