namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>What gives a miner away besides its behaviour, which sets its goal: a telling name, path
/// or pool connection is to be suspended within 10 s, behaviour alone within 60 s.</summary>
public enum SignalKind
{
    /// <summary>Honest work: no signal, never to be suspended.</summary>
    None,

    /// <summary>A kernel thread's name.</summary>
    Name,

    /// <summary>Where the executable lives (a temporary directory), or that it was deleted.</summary>
    Path,

    /// <summary>A connection to a mining pool's port.</summary>
    Pool,

    /// <summary>Nothing but how it computes.</summary>
    Behaviour,
}
