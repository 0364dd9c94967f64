namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>Where the dropper puts the miner's executable.</summary>
public enum MinerPlace
{
    /// <summary>A folder in the member's home, as a hacked site's user can write.</summary>
    Home,

    /// <summary>A world-writable folder under /tmp.</summary>
    Temp,
}
