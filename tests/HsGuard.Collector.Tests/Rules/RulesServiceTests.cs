using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Tests.Support;
using HsGuard.Protocol.Hosting;
using HsGuard.Testing;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HsGuard.Collector.Tests.Rules;

/// <summary>The service that keeps the rules in force: loads at start (a broken set fails the start),
/// reloads on a change of the files, keeps the last good set when a change breaks them.</summary>
public sealed class RulesServiceTests : IDisposable
{
    private const string RuleFile = "rules.yaml";
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new("hsguard-rules-");
    private readonly RecordingLoggerProvider _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _logs.Dispose();
        _dir.Dispose();
    }

    private static string Rule(int weight) => $"""
        - rule: Busy
          desc: busy
          condition: proc.cpu > 50
          output: "%proc.name is busy"
          priority: NOTICE
          tags: [maturity_stable]
          weight: {weight}
        """;

    private RulesService Service(TimeSpan debounce) => new(
        Options.Create(new RulesOptions { Paths = [_dir.Path], ReloadDebounce = debounce }),
        _time,
        new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
        new LoggerFactory([_logs]).CreateLogger<RulesService>());

    /// <summary>Replaces the file as editors do: a new file renamed over the old one.</summary>
    private void Save(string yaml)
    {
        string temporary = _dir.Combine(".rules.yaml.tmp");
        File.WriteAllText(temporary, yaml);
        File.Move(temporary, _dir.Combine(RuleFile), overwrite: true);
    }

    [Fact]
    public async Task Reload_ChangeBreakFix_NewSetThenLastGoodKeptThenRecovered()
    {
        File.WriteAllText(_dir.Combine(RuleFile), Rule(10));
        using var service = Service(TimeSpan.Zero);
        await service.StartAsync(_cancel);
        var first = service.Current;
        Assert.Equal(10, first.Rule("Busy")!.Weight);
        Assert.Null(service.LastReloadAt);

        Save(Rule(20));
        await Eventually.HoldsAsync(() => service.Current.Rule("Busy")!.Weight == 20, "the changed rule", TimeSpan.FromSeconds(10), _cancel);
        Assert.NotEqual(first.Version, service.Current.Version);
        Assert.Empty(service.LastErrors);
        Assert.Equal(_time.GetUtcNow(), service.LastReloadAt);
        var good = service.Current;

        int reloads = service.ReloadCount;
        Save(Rule(20).Replace("proc.cpu > 50", "proc.cpuu > 50", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => service.ReloadCount > reloads && service.LastErrors.Count > 0, "the failed reload", TimeSpan.FromSeconds(10), _cancel);
        Assert.Same(good, service.Current);
        var error = Assert.Single(service.LastErrors);
        Assert.Equal((_dir.Combine(RuleFile), 3, 14), (error.File, error.Line, error.Column));
        var warning = await _logs.WaitForAsync(6104, $"{_dir.Combine(RuleFile)}:3:14: unknown field 'proc.cpuu'");
        Assert.Equal(LogLevel.Warning, warning.Level);
        await _logs.WaitForAsync(6103, "stays in force");

        Save(Rule(30));
        await Eventually.HoldsAsync(() => service.Current.Rule("Busy")!.Weight == 30, "the fixed rule", TimeSpan.FromSeconds(10), _cancel);
        Assert.Empty(service.LastErrors);
        await service.StopAsync(_cancel);
    }

    [Fact]
    public async Task Reload_WithinDebounce_WaitsForQuiet()
    {
        File.WriteAllText(_dir.Combine(RuleFile), Rule(10));
        using var service = Service(TimeSpan.FromSeconds(5));
        await service.StartAsync(_cancel);

        File.WriteAllText(_dir.Combine(RuleFile), Rule(20));
        await Task.Delay(500, _cancel);
        Assert.Equal(0, service.ReloadCount);

        await Eventually.HoldsAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return service.Current.Rule("Busy")!.Weight == 20;
        }, "the reload after the debounce", TimeSpan.FromSeconds(10), _cancel);
        Assert.Equal(1, service.ReloadCount);
        await service.StopAsync(_cancel);
    }

    [Fact]
    public async Task Reload_OtherFilesInTheDirectory_Ignored()
    {
        File.WriteAllText(_dir.Combine(RuleFile), Rule(10));
        using var service = Service(TimeSpan.Zero);
        await service.StartAsync(_cancel);

        File.WriteAllText(_dir.Combine("notes.txt"), "x");
        File.WriteAllText(_dir.Combine("rules.yaml.example"), "x");
        await Task.Delay(500, _cancel);

        Assert.Equal(0, service.ReloadCount);
        await service.StopAsync(_cancel);
    }

    [Fact]
    public async Task Start_BrokenRules_FailsWithEveryErrorAsAConfigurationError()
    {
        File.WriteAllText(_dir.Combine(RuleFile), Rule(10).Replace("proc.cpu > 50", "proc.cpuu > 50", StringComparison.Ordinal)
            .Replace("NOTICE", "LOUD", StringComparison.Ordinal));
        using var service = Service(TimeSpan.Zero);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => service.StartAsync(_cancel));

        string? message = ConfigurationErrors.Describe(e);
        Assert.NotNull(message);
        Assert.StartsWith("the rules have 2 errors:", message, StringComparison.Ordinal);
        Assert.Contains($"{_dir.Combine(RuleFile)}:3:14: unknown field 'proc.cpuu'", message, StringComparison.Ordinal);
        Assert.Contains($"{_dir.Combine(RuleFile)}:5:13: priority must be", message, StringComparison.Ordinal);
        Assert.Equal(2, service.LastErrors.Count);
        Assert.Throws<InvalidOperationException>(() => service.Current);
    }

    [Fact]
    public async Task RecordFired_ManyThreads_CountsEveryFiring()
    {
        File.WriteAllText(_dir.Combine(RuleFile), Rule(10));
        using var service = Service(TimeSpan.Zero);
        await service.StartAsync(_cancel);
        var rule = service.Current.Rule("Busy")!;

        Parallel.For(0, 10_000, _ => service.RecordFired(rule));

        Assert.Equal(10_000, service.FireCount("Busy"));
        Assert.Equal(0, service.FireCount("Unknown"));
        await service.StopAsync(_cancel);
    }
}
