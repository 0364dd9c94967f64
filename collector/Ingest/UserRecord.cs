namespace HsGuard.Collector.Ingest;

/// <summary>A user of one host: its latest totals and their history.</summary>
internal sealed class UserRecord
{
    public UserRecord(uint uid, string user, int historyLength)
    {
        Uid = uid;
        User = user;
        History = new History<UserPoint>(historyLength);
    }

    public uint Uid { get; }

    public string User { get; set; }

    public float CpuPercent { get; set; }

    public int Processes { get; set; }

    public int Threads { get; set; }

    public long RssKb { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    public History<UserPoint> History { get; }
}
