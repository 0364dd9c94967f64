using Google.Protobuf.WellKnownTypes;
using HsGuard.Protocol.Traces;
using HsGuard.Protocol.V1;

namespace HsGuard.Bench.Ingest;

/// <summary>
/// A recorded trace as an endless stream that many hosts replay at once, each from an offset of its
/// own so that their busy moments do not coincide. A host's first batch is a keyframe at its offset
/// (rebuilt from the trace: every process live there, in full); then come the recorded batches.
/// After the last one the loop goes on with a transition batch instead of the recorded first
/// keyframe: the processes that live at the start of the trace but not at its end as started, the
/// others as exited, those whose fields differ as updated, so that the loop needs no keyframe.
/// Only the cumulative counters of a process that lives across the wrap step back once a loop.
/// </summary>
internal sealed class TraceLoop
{
    private readonly Batch[] _batches;
    private readonly Dictionary<int, Batch> _keyframes;

    private TraceLoop(Hello hello, Batch[] recorded, Batch transition, Dictionary<int, Batch> keyframes)
    {
        Hello = hello;
        Recorded = recorded;
        _batches = [transition, .. recorded.Skip(1)];
        _keyframes = keyframes;
    }

    public Hello Hello { get; }

    /// <summary>Batches in one turn of the loop.</summary>
    public int Length => _batches.Length;

    /// <summary>The recorded batches (the first as recorded, a keyframe) and the transition.</summary>
    public IReadOnlyList<Batch> Recorded { get; }

    public Batch Transition => _batches[0];

    /// <summary>Reads the trace and builds the keyframes that the first <paramref name="hosts"/> hosts start with.</summary>
    public static TraceLoop Load(string path, int hosts)
    {
        Hello? hello = null;
        var batches = new List<Batch>();
        foreach (var message in TraceReader.Read(path))
        {
            if (message.BodyCase == AgentMessage.BodyOneofCase.Hello)
            {
                hello ??= message.Hello;
            }
            else
            {
                batches.Add(message.Batch);
            }
        }
        if (hello is null || batches.Count < 2 || !batches[0].Keyframe)
        {
            throw new InvalidDataException($"{path}: a trace needs a hello, a keyframe first and at least one batch after it");
        }
        var recorded = batches.ToArray();
        var keyframeOffsets = Enumerable.Range(0, hosts).Select(h => OffsetOf(h, recorded.Length)).ToHashSet();
        var table = new TraceTable();
        TraceTable? start = null;
        var keyframes = new Dictionary<int, Batch>();
        for (int i = 0; i < recorded.Length; i++)
        {
            table.Apply(recorded[i]);
            if (i == 0)
            {
                start = table.Copy();
            }
            if (keyframeOffsets.Contains(i))
            {
                keyframes[i] = table.ToKeyframe(recorded[i]);
            }
        }
        return new TraceLoop(hello, recorded, BuildTransition(table, start!, recorded[0]), keyframes);
    }

    /// <summary>Where host <paramref name="host"/> starts: offsets spread over the trace (7919 is a
    /// prime, so consecutive hosts land far apart), so that the hosts' busy moments differ.</summary>
    public static int OffsetOf(int host, int length) => (int)((long)host * 7919 % length);

    /// <summary>The keyframe at <paramref name="offset"/> (one of those asked for at load).</summary>
    public Batch KeyframeAt(int offset) => _keyframes[offset];

    /// <summary>The batch at <paramref name="position"/> of the loop (0: the transition).</summary>
    public Batch At(int position) => _batches[position];

    public int Next(int position) => (position + 1) % _batches.Length;

    /// <summary>The message a host sends: <paramref name="template"/> with its sequence number and
    /// the time of now. The process lists are shared, not copied: serializing only reads them.</summary>
    public static AgentMessage Stamp(Batch template, ulong seq, DateTimeOffset time)
    {
        var batch = new Batch
        {
            Seq = seq,
            Time = Timestamp.FromDateTimeOffset(time),
            IntervalSeconds = template.IntervalSeconds,
            Keyframe = template.Keyframe,
            ProcessCount = template.ProcessCount,
        };
        batch.Started.Add(template.Started);
        batch.Updated.Add(template.Updated);
        batch.Exited.Add(template.Exited);
        batch.Users.Add(template.Users);
        return new AgentMessage { Batch = batch };
    }

    private static Batch BuildTransition(TraceTable end, TraceTable start, Batch first)
    {
        var transition = TraceTable.Header(first, keyframe: false);
        var interval = TraceTable.IntervalFields(first);
        foreach (var (key, full) in start.Live)
        {
            var now = TraceTable.WithInterval(full, interval.GetValueOrDefault(key));
            if (end.Find(key) is not { } before)
            {
                transition.Started.Add(now);
            }
            else if (!before.Equals(full) || now.HasCpuPercent)
            {
                // Every field, not only those that changed: once a loop, this costs nothing that matters.
                transition.Updated.Add(now);
            }
        }
        foreach (var (key, _) in end.Live)
        {
            if (start.Find(key) is null)
            {
                transition.Exited.Add(new ProcessKey { Pid = key.Pid, StartTicks = key.StartTicks });
            }
        }
        return transition;
    }
}
