using System.Runtime.InteropServices;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// The result of one pass. The sampler reuses the frame and its entries: what it holds is valid
/// until the next pass.
/// </summary>
public sealed class SampleFrame
{
    internal readonly List<ProcessEntry> ProcessList = [];
    internal readonly List<ProcessEntry> ExitedList = [];
    internal readonly List<UserTotal> UserList = [];

    /// <summary>Pass number, from 1.</summary>
    public long Pass { get; internal set; }

    public DateTimeOffset Time { get; internal set; }

    /// <summary>Time since the previous pass (zero for the first).</summary>
    public TimeSpan Interval { get; internal set; }

    /// <summary>Every live process seen in this pass, in /proc order.</summary>
    public ReadOnlySpan<ProcessEntry> Processes => CollectionsMarshal.AsSpan(ProcessList);

    /// <summary>Processes seen in the previous pass and gone now (or whose pid now belongs to
    /// another process).</summary>
    public ReadOnlySpan<ProcessEntry> Exited => CollectionsMarshal.AsSpan(ExitedList);

    /// <summary>Per-user totals of this pass, one for each user with a live process.</summary>
    public ReadOnlySpan<UserTotal> Users => CollectionsMarshal.AsSpan(UserList);

    /// <summary>Processes listed in /proc that were gone before they could be read: normal.</summary>
    public int Vanished { get; internal set; }

    /// <summary>Processes whose stat could not be parsed (a hostile or broken file); skipped.</summary>
    public int Malformed { get; internal set; }

    /// <summary>Processes that got the deep look in this pass.</summary>
    public int DeepLooks { get; internal set; }

    /// <summary>Time spent on those processes' detail and deep reads.</summary>
    public TimeSpan DeepCost { get; internal set; }

    /// <summary>How long the pass took.</summary>
    public TimeSpan Cost { get; internal set; }
}
