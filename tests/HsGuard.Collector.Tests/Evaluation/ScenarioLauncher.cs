using System.Globalization;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// Starts a scenario under its user. A miner as an attacker's dropper starts it: the user copies
/// the stand-in to its place and starts it detached (<c>setsid -f</c>, standard streams on
/// /dev/null), so that it outlives the web request that dropped it. Honest work as a member's job:
/// <c>runuser -u USER -- sh -c SCRIPT</c>, not detached.
/// </summary>
internal sealed class ScenarioLauncher(EvaluationWorkspace workspace, PoolListener? pool)
{
    /// <summary>Returns the honest job's runuser to reap at the end; a detached miner leaves nothing to reap.</summary>
    public async Task<RunningJob?> StartAsync(Scenario scenario, EvaluationUser user, CancellationToken cancel)
    {
        switch (scenario)
        {
            case MinerScenario miner:
                await StartMinerAsync(miner, user, cancel);
                return null;
            case HonestScenario honest:
                string work = await workspace.WorkOfAsync(user, cancel);
                string script = honest.Script.Replace("{data}", Shell.Quote(workspace.Data), StringComparison.Ordinal)
                    .Replace("{work}", Shell.Quote(work), StringComparison.Ordinal);
                return new RunningJob(SystemCommand.AsUser(user, work, "sh", "-c", script));
            default:
                throw new ArgumentException($"unknown scenario {scenario}", nameof(scenario));
        }
    }

    private async Task StartMinerAsync(MinerScenario miner, EvaluationUser user, CancellationToken cancel)
    {
        string dir = miner.Place == MinerPlace.Temp ? workspace.Temp : await workspace.HomeOfAsync(user, cancel);
        string exe = Path.Combine(dir, miner.FileName);
        await SystemCommand.RunAsync(SystemCommand.AsUser(user, dir, "cp", Burner.Program, exe), cancel);
        string config = Path.Combine(dir, miner.FileName + ".conf");
        if (miner.Config is not null)
        {
            await File.WriteAllTextAsync(config, miner.Config, cancel);
        }
        string port = pool?.Port.ToString(CultureInfo.InvariantCulture) ?? "";
        if (miner.PoolListener && pool is null)
        {
            throw new InvalidOperationException($"{miner.Name} needs the pool listener");
        }
        var args = miner.Arguments.Select(a => a.Replace("{config}", config, StringComparison.Ordinal).Replace("{port}", port, StringComparison.Ordinal));
        string command = $"exec {Shell.Quote(exe)} {Shell.Join(args)} </dev/null >/dev/null 2>&1";
        await SystemCommand.RunAsync(SystemCommand.AsUser(user, dir, "setsid", "-f", "sh", "-c", command), cancel);
    }
}
