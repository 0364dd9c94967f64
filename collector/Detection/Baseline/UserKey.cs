namespace HsGuard.Collector.Detection.Baseline;

/// <summary>A user of a host: a member's user exists on each host separately.</summary>
public readonly record struct UserKey(string Host, uint Uid)
{
    public override string ToString() => $"{Host}/{Uid}";
}
