using System.Collections.Frozen;

namespace HsGuard.Collector.Detection.Allow;

/// <summary>
/// The allow entries in force, read on the ingest path for every process the rules would look at:
/// an immutable snapshot keyed by user, replaced whole when an entry is added or revoked (rare),
/// so that a lookup takes no lock and an empty list costs one dictionary probe. Kept in the store
/// by whoever adds or revokes (<see cref="Web.Triage.TriageActions"/>), loaded at start and read
/// again from the store every <see cref="Store.StoreOptions.AllowRefreshInterval"/> (collectors
/// sharing a database see each other's entries).
/// </summary>
public sealed class AllowList
{
    private readonly Lock _writing = new();
    private FrozenDictionary<string, AllowEntry[]> _byUser = FrozenDictionary<string, AllowEntry[]>.Empty;
    private long _version;

    /// <summary>Counts changes: a reader of the store compares it before and after its read.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IReadOnlyList<AllowEntry> Entries => [.. Volatile.Read(ref _byUser).Values.SelectMany(e => e).OrderBy(e => e.Id)];

    /// <summary>Whether the processes of <paramref name="user"/> running <paramref name="executable"/> are allowed.</summary>
    public bool AllowsProcess(string host, string user, string executable) => Find(host, user, executable) is not null;

    /// <summary>Whether the user-wide findings of <paramref name="user"/> are allowed.</summary>
    public bool AllowsUser(string host, string user) => Find(host, user, null) is not null;

    public AllowEntry? Find(string host, string user, string? executable)
    {
        if (!Volatile.Read(ref _byUser).TryGetValue(user, out var entries))
        {
            return null;
        }
        foreach (var entry in entries)
        {
            if (entry.Covers(host, user, executable))
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>Replaces every entry (at start, from the store).</summary>
    public void Load(IEnumerable<AllowEntry> entries)
    {
        lock (_writing)
        {
            Publish(entries);
        }
    }

    /// <summary>Replaces every entry with what the store held, unless the list changed since
    /// <paramref name="version"/> (taken before the store was read): an entry added here meanwhile
    /// is not lost to an older read. Returns whether it replaced them.</summary>
    public bool LoadIfUnchanged(long version, IReadOnlyCollection<AllowEntry> entries)
    {
        lock (_writing)
        {
            if (Version != version)
            {
                return false;
            }
            if (!entries.OrderBy(e => e.Id).SequenceEqual(Entries))
            {
                Publish(entries);
            }
            return true;
        }
    }

    public void Add(AllowEntry entry)
    {
        lock (_writing)
        {
            Publish(Entries.Where(e => e.Id != entry.Id).Append(entry));
        }
    }

    /// <summary>Returns whether an entry of that id was there.</summary>
    public bool Remove(long id)
    {
        lock (_writing)
        {
            var entries = Entries;
            Publish(entries.Where(e => e.Id != id));
            return entries.Any(e => e.Id == id);
        }
    }

    private void Publish(IEnumerable<AllowEntry> entries)
    {
        Volatile.Write(ref _byUser, entries.GroupBy(e => e.User, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));
        Interlocked.Increment(ref _version);
    }
}
