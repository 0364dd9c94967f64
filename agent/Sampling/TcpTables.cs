using HsGuard.Agent.Proc;

namespace HsGuard.Agent.Sampling;

/// <summary>
/// The TCP sockets of each network namespace a busy process lives in. /proc/PID/net/tcp and tcp6
/// list every socket of the process's namespace (not only its own), and reading them is dear
/// whatever they hold: each read() walks the kernel's whole established-socket hash table, which
/// is sized by the machine's memory (about 0.7 ms a walk on this project's 24 GiB machine, two
/// walks a file). So a namespace's tables are read once and kept: read again when a busy process
/// shows a socket inode they do not know (a new connection), and at the latest every
/// <see cref="RefreshPasses"/> passes, so that a connection's state is at most that old. Inodes
/// found in neither table (Unix, UDP, netlink sockets) are remembered as such until the next read.
/// </summary>
internal sealed class TcpTables
{
    /// <summary>A namespace's tables are read again after this many passes at the latest.</summary>
    public const long RefreshPasses = 10;

    /// <summary>A namespace no busy process showed for this many passes is forgotten.</summary>
    private const long UnusedPasses = 60;

    private readonly Dictionary<ulong, Table> _tables = [];
    private readonly List<TcpSocket> _parsed = new(256);
    private readonly byte[] _chunk = new byte[64 * 1024];
    private long _pass;

    /// <summary>Table reads so far (for tests and the benchmark).</summary>
    public long Reads { get; private set; }

    public void BeginPass(long pass)
    {
        _pass = pass;
        foreach (var (ns, table) in _tables)
        {
            if (pass - table.UsedPass > UnusedPasses)
            {
                _tables.Remove(ns);
            }
        }
    }

    /// <summary>Adds to <paramref name="connections"/> the sockets among <paramref name="inodes"/>
    /// that have a remote end, in the order of <paramref name="inodes"/>, up to
    /// <paramref name="max"/>. Reads the namespace's tables through <paramref name="files"/> when
    /// needed; adds nothing when they cannot be read (the process is gone).</summary>
    public void Find(ProcessFiles files, ulong netNamespace, List<ulong> inodes, List<TcpSocket> connections, int max)
    {
        if (!_tables.TryGetValue(netNamespace, out var table))
        {
            table = new Table();
            _tables[netNamespace] = table;
        }
        table.UsedPass = _pass;
        bool stale = table.ReadPass == 0 || _pass - table.ReadPass >= RefreshPasses;
        if (table.ReadPass != _pass && (stale || table.HasUnknown(inodes)) && !Refresh(files, table))
        {
            return;
        }
        foreach (ulong inode in inodes)
        {
            if (!table.Sockets.TryGetValue(inode, out var socket))
            {
                table.NotTcp.Add(inode);
            }
            else if (socket.HasRemote && connections.Count < max)
            {
                connections.Add(socket);
            }
        }
    }

    private bool Refresh(ProcessFiles files, Table table)
    {
        table.Sockets.Clear();
        table.NotTcp.Clear();
        table.ReadPass = 0;
        Reads++;
        if (Read(files, "net/tcp"u8, table.Sockets) < 0)
        {
            return false;
        }
        // No tcp6 where IPv6 is switched off (ipv6.disable=1): the IPv4 table is all there is.
        Read(files, "net/tcp6"u8, table.Sockets);
        table.ReadPass = _pass;
        return true;
    }

    /// <summary>Reads one table in chunks, carrying a line cut by the chunk's end over to the
    /// next. Returns 0 or -errno.</summary>
    private int Read(ProcessFiles files, ReadOnlySpan<byte> name, Dictionary<ulong, TcpSocket> sockets)
    {
        using var file = files.OpenSequential(name);
        int kept = 0;
        while (true)
        {
            int n = file.Read(_chunk.AsSpan(kept));
            if (n < 0)
            {
                return n;
            }
            if (n == 0)
            {
                break;
            }
            int filled = kept + n;
            int used = TcpTableParser.ParseLines(_chunk.AsSpan(0, filled), _parsed);
            if (used == 0 && filled == _chunk.Length)
            {
                kept = 0;   // a line longer than the whole buffer is no kernel's: dropped
            }
            else
            {
                kept = filled - used;
                _chunk.AsSpan(used, kept).CopyTo(_chunk);
            }
            Keep(sockets);
        }
        // The last line, if the file does not end with a newline.
        if (kept > 0 && TcpTableParser.TryParseLine(_chunk.AsSpan(0, kept), out var last))
        {
            _parsed.Add(last);
            Keep(sockets);
        }
        return 0;
    }

    private void Keep(Dictionary<ulong, TcpSocket> sockets)
    {
        foreach (var socket in _parsed)
        {
            // Inode 0: a socket in TIME_WAIT or a half-open request, owned by no process.
            if (socket.Inode != 0)
            {
                sockets[socket.Inode] = socket;
            }
        }
        _parsed.Clear();
    }

    private sealed class Table
    {
        /// <summary>Every socket of the namespace at the last read, by inode.</summary>
        public Dictionary<ulong, TcpSocket> Sockets { get; } = [];

        /// <summary>Socket inodes looked up since the last read and not in it.</summary>
        public HashSet<ulong> NotTcp { get; } = [];

        public long ReadPass { get; set; }

        public long UsedPass { get; set; }

        public bool HasUnknown(List<ulong> inodes)
        {
            foreach (ulong inode in inodes)
            {
                if (!Sockets.ContainsKey(inode) && !NotTcp.Contains(inode))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
