namespace HsGuard.Agent.Sampling;

/// <summary>One user's share of the host in one pass, summed over its processes.</summary>
public sealed class UserTotal
{
    internal UserTotal(uint uid, string user)
    {
        Uid = uid;
        User = user;
    }

    public uint Uid { get; }

    public string User { get; internal set; }

    /// <summary>Sum of the user's processes' CPU, in percent of one core (may exceed 100).</summary>
    public double CpuPercent { get; internal set; }

    public int Processes { get; internal set; }

    public int Threads { get; internal set; }

    public long RssKb { get; internal set; }

    /// <summary>No longer counted: the user had no process in a pass.</summary>
    internal bool Retired { get; set; }

    internal void Reset()
    {
        CpuPercent = 0;
        Processes = 0;
        Threads = 0;
        RssKb = 0;
    }
}
