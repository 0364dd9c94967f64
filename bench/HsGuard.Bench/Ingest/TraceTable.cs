using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// The live processes of a trace at one point, each as a full sample, built by applying its
/// batches in order as the collector does: what a keyframe at that point lists. The per-interval
/// fields (cpu_percent and detail) are not kept; <see cref="ToKeyframe"/> takes them from the
/// batch of that point.
/// </summary>
internal sealed class TraceTable
{
    private readonly Dictionary<(int Pid, ulong StartTicks), ProcessSample> _live = [];

    public int Count => _live.Count;

    public IEnumerable<KeyValuePair<(int Pid, ulong StartTicks), ProcessSample>> Live => _live;

    public ProcessSample? Find((int Pid, ulong StartTicks) key) => _live.GetValueOrDefault(key);

    public void Apply(Batch batch)
    {
        if (batch.Keyframe)
        {
            _live.Clear();
        }
        foreach (var s in batch.Started)
        {
            _live[(s.Pid, s.StartTicks)] = WithoutInterval(s);
        }
        foreach (var s in batch.Updated)
        {
            if (_live.TryGetValue((s.Pid, s.StartTicks), out var full))
            {
                full.MergeFrom(WithoutInterval(s));
            }
            else
            {
                _live[(s.Pid, s.StartTicks)] = WithoutInterval(s);
            }
        }
        foreach (var k in batch.Exited)
        {
            _live.Remove((k.Pid, k.StartTicks));
        }
    }

    public TraceTable Copy()
    {
        var copy = new TraceTable();
        foreach (var (key, sample) in _live)
        {
            copy._live[key] = sample.Clone();
        }
        return copy;
    }

    /// <summary>A keyframe at <paramref name="at"/>, the batch this table was last brought up to:
    /// every live process in full, with the CPU and detail <paramref name="at"/> gives it.</summary>
    public Batch ToKeyframe(Batch at)
    {
        var interval = IntervalFields(at);
        var keyframe = Header(at, keyframe: true);
        foreach (var (key, sample) in _live)
        {
            keyframe.Started.Add(WithInterval(sample, interval.GetValueOrDefault(key)));
        }
        return keyframe;
    }

    /// <summary>A batch's header and user totals, without processes.</summary>
    public static Batch Header(Batch at, bool keyframe)
    {
        var batch = new Batch
        {
            Time = at.Time,
            IntervalSeconds = at.IntervalSeconds,
            Keyframe = keyframe,
            ProcessCount = at.ProcessCount,
        };
        batch.Users.Add(at.Users);
        return batch;
    }

    /// <summary>The processes <paramref name="batch"/> names, by key.</summary>
    public static Dictionary<(int, ulong), ProcessSample> IntervalFields(Batch batch)
    {
        var named = new Dictionary<(int, ulong), ProcessSample>();
        foreach (var s in batch.Started.Concat(batch.Updated))
        {
            named[(s.Pid, s.StartTicks)] = s;
        }
        return named;
    }

    /// <summary>A full sample with the CPU and detail of <paramref name="interval"/> (none when null).</summary>
    public static ProcessSample WithInterval(ProcessSample full, ProcessSample? interval)
    {
        var s = full.Clone();
        if (interval is { HasCpuPercent: true } && interval.CpuPercent > 0)
        {
            s.CpuPercent = interval.CpuPercent;
        }
        s.Detail = interval?.Detail;
        return s;
    }

    private static ProcessSample WithoutInterval(ProcessSample s)
    {
        var copy = s.Clone();
        copy.ClearCpuPercent();
        copy.Detail = null;
        return copy;
    }
}
