using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Proc;
using HsGuard.Agent.Sampling;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Captures the evidence of a suspended process: its executable (hashed whole, copied up to
/// <see cref="EnforcementOptions.EvidenceMaxExeBytes"/>, read through /proc/PID/exe so that a
/// deleted one is read too), command line, environment with secrets masked, a memory map summary,
/// open files and connections, its ancestors up to pid 1, and its user's crontab. A part that
/// cannot be read is named in <c>missing</c> with the reason; the rest is captured all the same.
/// </summary>
internal sealed class EvidenceCollector
{
    private const int MaxCommandLineBytes = 64 * 1024;
    private const int MaxEnvironmentBytes = 1024 * 1024;
    private const int MaxMapsBytes = 16 * 1024 * 1024;
    private const int MaxMappedFiles = 512;
    private const int MaxOpenFiles = 1024;
    private const int MaxConnections = 256;
    private const int MaxAncestors = 64;
    private const int MaxCrontabBytes = 64 * 1024;

    private readonly EnforcementOptions _options;
    private readonly ProcessReader _reader;
    private readonly Func<uint, string?> _userName;
    private readonly TimeProvider _time;

    public EvidenceCollector(EnforcementOptions options, ProcessReader reader, Func<uint, string?> userName, TimeProvider time)
    {
        _options = options;
        _reader = reader;
        _userName = userName;
        _time = time;
    }

    public EvidenceCapture Capture(Command command, in ProcessFacts target)
    {
        var bundle = new EvidenceBundle
        {
            CommandId = command.Id,
            IncidentId = command.IncidentId,
            Process = target.Key,
            CapturedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            Uid = target.Uid,
            User = _userName(target.Uid) ?? target.Uid.ToString(CultureInfo.InvariantCulture),
        };
        var chunks = new List<EvidenceChunk>();
        var executable = ReadExecutable(command.Id, target.Pid, bundle, chunks);
        bundle.Cmdline = _reader.ReadCommandLine(target.Pid, MaxCommandLineBytes);
        ReadEnvironment(target.Pid, bundle);
        ReadMemory(target.Pid, bundle);
        ReadDescriptors(target.Pid, bundle);
        ReadAncestors(target, bundle);
        ReadCrontab(bundle);
        return new EvidenceCapture(bundle, chunks, executable);
    }

    private SuspectExecutable? ReadExecutable(string commandId, int pid, EvidenceBundle bundle, List<EvidenceChunk> chunks)
    {
        var exe = _reader.ReadExe(pid);
        bundle.Exe = exe.Path ?? "";
        bundle.ExeDeleted = exe.Deleted;
        using var files = _reader.Open(pid);
        var image = ExecutableReader.Read(files, _options.EvidenceMaxExeBytes, _options.EvidenceChunkBytes, out int error);
        if (image is null)
        {
            bundle.Missing.Add($"executable: /proc/{pid}/exe cannot be read (errno {error})");
            return null;
        }
        bundle.ExeSha256 = image.Sha256;
        bundle.ExeSize = (ulong)image.Size;
        bundle.ExeCopySize = (ulong)image.CopiedBytes;
        if (image.CopiedBytes < image.Size)
        {
            bundle.Missing.Add($"executable: copied the first {image.CopiedBytes} of its {image.Size} bytes (EvidenceMaxExeBytes)");
        }
        ulong offset = 0;
        for (int i = 0; i < image.Chunks.Count; i++)
        {
            chunks.Add(new EvidenceChunk { CommandId = commandId, Offset = offset, Data = image.Chunks[i], Last = i == image.Chunks.Count - 1 });
            offset += (ulong)image.Chunks[i].Length;
        }
        return exe.Path is null ? null : new SuspectExecutable(exe.Path, image.Size, image.Sha256);
    }

    private void ReadEnvironment(int pid, EvidenceBundle bundle)
    {
        int n = _reader.ReadAll(pid, "environ"u8, MaxEnvironmentBytes, out byte[] data, out bool cut);
        if (n < 0)
        {
            bundle.Missing.Add($"environment: errno {-n}");
            return;
        }
        var text = data.AsSpan(0, n);
        foreach (var range in text.Split((byte)0))
        {
            if (!text[range].IsEmpty)
            {
                bundle.Environment.Add(EnvironmentMask.Mask(ProcText.Decode(text[range])));
            }
        }
        if (cut)
        {
            bundle.Missing.Add($"environment: cut at {MaxEnvironmentBytes} bytes");
        }
    }

    private void ReadMemory(int pid, EvidenceBundle bundle)
    {
        var memory = new MemorySummary();
        bundle.Memory = memory;
        int n = _reader.ReadAll(pid, "maps"u8, MaxMapsBytes, out byte[] maps, out bool cut);
        if (n < 0)
        {
            bundle.Missing.Add($"memory map: errno {-n}");
        }
        else
        {
            MemoryMapParser.Parse(maps.AsSpan(0, n), memory, MaxMappedFiles);
            if (cut)
            {
                bundle.Missing.Add($"memory map: cut at {MaxMapsBytes} bytes");
            }
        }
        n = _reader.ReadAll(pid, "smaps_rollup"u8, 64 * 1024, out byte[] rollup, out _);
        var text = rollup.AsSpan(0, Math.Max(n, 0));
        if (n <= 0 || !KeyValueParser.TryGetULong(text, "Rss:"u8, out ulong rss))
        {
            bundle.Missing.Add($"memory totals: smaps_rollup unreadable ({(n < 0 ? "errno " + -n : "empty")})");
            return;
        }
        memory.RssKb = rss;
        KeyValueParser.TryGetULong(text, "Anonymous:"u8, out ulong anonymous);
        memory.AnonymousKb = anonymous;
        if (SmapsRollupFields.TryParse(text, out var huge))
        {
            memory.HugePagesKb = huge.AnonHugePagesKb + huge.HugetlbKb;
        }
    }

    private void ReadDescriptors(int pid, EvidenceBundle bundle)
    {
        using var files = _reader.Open(pid);
        using var fds = files.OpenDescriptors();
        var list = new List<int>();
        int rc = fds.List(new byte[16 * 1024], list);
        if (rc < 0)
        {
            bundle.Missing.Add($"open files: errno {-rc}");
            return;
        }
        list.Sort();
        byte[] link = new byte[4096];
        var sockets = new List<ulong>();
        foreach (int fd in list.Take(MaxOpenFiles))
        {
            int n = fds.ReadLink(fd, link);
            if (n > 0)
            {
                bundle.OpenFiles.Add($"{fd} -> {ProcText.Decode(link.AsSpan(0, n))}");
                if (FdLinkParser.TryGetSocketInode(link.AsSpan(0, n), out ulong inode))
                {
                    sockets.Add(inode);
                }
            }
        }
        if (list.Count > MaxOpenFiles)
        {
            bundle.Missing.Add($"open files: the first {MaxOpenFiles} of {list.Count}");
        }
        if (sockets.Count == 0 || files.GetNetNamespace(out ulong netNamespace) != 0)
        {
            return;
        }
        var tables = new TcpTables();
        tables.BeginPass(1);
        var connections = new List<TcpSocket>();
        tables.Find(files, netNamespace, sockets, connections, MaxConnections);
        foreach (var c in connections)
        {
            bundle.Connections.Add(c.ToMessage());
        }
    }

    private void ReadAncestors(in ProcessFacts target, EvidenceBundle bundle)
    {
        int pid = target.ParentPid;
        for (int depth = 0; depth < MaxAncestors && pid > 0; depth++)
        {
            if (!_reader.TryRead(pid, out var p))
            {
                bundle.Missing.Add($"ancestors: pid {pid} exited before it was read");
                return;
            }
            bundle.Ancestors.Add(new Ancestor
            {
                Pid = p.Pid,
                StartTicks = p.StartTicks,
                Uid = p.Uid,
                Comm = p.Comm,
                Exe = _reader.ReadExe(p.Pid).Path ?? "",
                Cmdline = _reader.ReadCommandLine(p.Pid, 4096),
            });
            pid = p.ParentPid;
        }
    }

    private void ReadCrontab(EvidenceBundle bundle)
    {
        string user = bundle.User;
        if (user.Length == 0 || user.Contains('/', StringComparison.Ordinal) || user.StartsWith('.'))
        {
            bundle.Missing.Add($"crontab: the user name '{user}' is not a file name");
            return;
        }
        try
        {
            using var file = File.OpenRead(Path.Join(_options.CrontabDirectory, user));
            byte[] buffer = new byte[MaxCrontabBytes + 1];
            int n = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            bundle.Crontab = ProcText.Decode(buffer.AsSpan(0, Math.Min(n, MaxCrontabBytes)));
            if (n > MaxCrontabBytes)
            {
                bundle.Missing.Add($"crontab: cut at {MaxCrontabBytes} bytes");
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // No crontab: empty, as the contract says.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bundle.Missing.Add("crontab: " + e.Message);
        }
    }

}
