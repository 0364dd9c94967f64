using HsGuard.Collector.Detection.Incidents;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The miner stand-in (tests/programs/burner.c) as an attacker's dropper starts it: copied by the
/// member's user to <see cref="Place"/> as <paramref name="FileName"/>, then started detached
/// (<c>setsid -f</c>, standard streams on /dev/null) with <paramref name="Arguments"/>, in which
/// <c>{config}</c> stands for the file holding <see cref="Config"/> and <c>{port}</c> for the
/// pool listener's port.
/// </summary>
public sealed record MinerScenario(string Name, SignalKind Signal, string FileName, IReadOnlyList<string> Arguments, double Cores)
    : Scenario(Name, ScenarioKind.Miner, Signal, Cores)
{
    public MinerPlace Place { get; init; } = MinerPlace.Home;

    /// <summary>Settings (burner.c's key=value lines) written to a file beside the executable.</summary>
    public string? Config { get; init; }

    /// <summary>The test listens on a mining pool port on 127.0.0.1 for this miner to connect to.</summary>
    public bool PoolListener { get; init; }

    /// <summary>Every miner, the one that holds itself to half a core included, is to be suspended.</summary>
    public override Verdict? Required => Verdict.Suspend;
}
