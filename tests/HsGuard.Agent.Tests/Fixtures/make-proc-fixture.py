#!/usr/bin/env python3
"""Writes the crafted /proc tree under ./proc that the sampler's fixture tests read.

Run from this folder: python3 make-proc-fixture.py
Each process shows one thing the parser must get right (see CASES). Real lines follow
proc_pid_stat(5): 52 fields, the name in field 2 between the first '(' and the LAST ')'.
"""
import os
import shutil

ROOT = "proc"
PF_KTHREAD = 0x00200000


def stat_line(pid, comm: bytes, state="S", ppid=1, pgrp=None, session=None, flags=0x00400100,
              utime=0, stime=0, nice=0, threads=1, start=500, vsize=10_000_000, rss=250, processor=0):
    pgrp = pid if pgrp is None else pgrp
    session = pid if session is None else session
    fields = [state, ppid, pgrp, session, 0, -1, flags, 100, 0, 0, 0, utime, stime, 0, 0,
              20 + nice, nice, threads, 0, start, vsize, rss, 18446744073709551615,
              1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17, processor, 0, 0, 0, 0, 0,
              0, 0, 0, 0, 0, 0, 0, 0]
    return str(pid).encode() + b" (" + comm + b") " + b" ".join(str(f).encode() for f in fields) + b"\n"


def status_text(name, uid, voluntary, involuntary, cpus="0-1"):
    cpus_line = "" if cpus is None else f"Cpus_allowed:\t3\nCpus_allowed_list:\t{cpus}\n"
    return (f"Name:\t{name}\nUmask:\t0022\nState:\tR (running)\nTgid:\t110\nPid:\t110\nPPid:\t1\n"
            f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\nThreads:\t4\n"
            f"{cpus_line}"
            f"voluntary_ctxt_switches:\t{voluntary}\nnonvoluntary_ctxt_switches:\t{involuntary}\n").encode()


def smaps_rollup_text(anon_huge_kb, private_hugetlb_kb):
    """As Linux 6.18 prints it: the [rollup] header, then the sums of smaps' fields."""
    return ("55780f9ac000-7ffd0bcec000 ---p 00000000 00:00 0                          [rollup]\n"
            "Rss:                1752 kB\nPss:                 324 kB\nPss_Dirty:           112 kB\n"
            "Pss_Anon:            112 kB\nPss_File:            212 kB\nPss_Shmem:             0 kB\n"
            "Shared_Clean:       1600 kB\nShared_Dirty:          0 kB\nPrivate_Clean:        40 kB\n"
            "Private_Dirty:       112 kB\nReferenced:         1752 kB\nAnonymous:           112 kB\n"
            "KSM:                   0 kB\nLazyFree:              0 kB\n"
            f"AnonHugePages:  {anon_huge_kb:>8} kB\nShmemPmdMapped:        0 kB\nFilePmdMapped:         0 kB\n"
            f"Shared_Hugetlb:        0 kB\nPrivate_Hugetlb: {private_hugetlb_kb:>7} kB\nSwap:                  0 kB\n"
            "SwapPss:               0 kB\nLocked:                0 kB\n").encode()


# Real lines of this machine's /proc/net/tcp and tcp6 (Linux 6.18), kept as the kernel pads them.
TCP_HEADER = (b"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
              + b" " * 53 + b"\n")
TCP6_HEADER = (b"  sl  local_address                         remote_address                        st tx_queue "
               b"rx_queue tr tm->when retrnsmt   uid  timeout inode\n")


def tcp_line(sl, local, remote, state, inode, tail=b"1 0000000012436c5e 100 0 0 10 0"):
    line = (f"{sl:>4}: {local} {remote} {state} 00000000:00000000 00:00000000 00000000     0        0 ".encode()
            + str(inode).encode() + b" " + tail)
    return line.ljust(149) + b"\n"


def tcp6_line(sl, local, remote, state, inode):
    return (f"{sl:>4}: {local} {remote} {state} 00000000:00000000 00:00000000 00000000     0        0 "
            f"{inode} 1 00000000c3c4fcf6 20 0 0 10 -1\n").encode()


def io_text(rchar, wchar, read_bytes, write_bytes):
    return (f"rchar: {rchar}\nwchar: {wchar}\nsyscr: 10\nsyscw: 5\nread_bytes: {read_bytes}\n"
            f"write_bytes: {write_bytes}\ncancelled_write_bytes: 0\n").encode()


def write(path, data: bytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def process(pid, stat: bytes, cmdline: bytes = None, exe: str = None, status: bytes = None, io: bytes = None,
            threads: dict = None, fds: dict = None, netns: str = None, tcp: bytes = None, tcp6: bytes = None,
            smaps_rollup: bytes = None):
    d = os.path.join(ROOT, str(pid))
    os.makedirs(d, exist_ok=True)
    write(os.path.join(d, "stat"), stat)
    if cmdline is not None:
        write(os.path.join(d, "cmdline"), cmdline)
    if exe is not None:
        os.symlink(exe, os.path.join(d, "exe"))
    if status is not None:
        write(os.path.join(d, "status"), status)
    if io is not None:
        write(os.path.join(d, "io"), io)
    for tid, files in (threads or {}).items():
        # a thread's status, or (status, stat)
        thread_status, thread_stat = files if isinstance(files, tuple) else (files, None)
        write(os.path.join(d, "task", str(tid), "status"), thread_status)
        if thread_stat is not None:
            write(os.path.join(d, "task", str(tid), "stat"), thread_stat)
    for fd, target in (fds or {}).items():
        os.makedirs(os.path.join(d, "fd"), exist_ok=True)
        os.symlink(target, os.path.join(d, "fd", str(fd)))
    if netns is not None:
        # /proc/PID/ns/net leads to the namespace's inode; here to a file whose inode stands for it,
        # shared by the processes of one namespace.
        write(os.path.join(ROOT, "netns", netns), b"")
        os.makedirs(os.path.join(d, "ns"), exist_ok=True)
        os.symlink(os.path.join("..", "..", "netns", netns), os.path.join(d, "ns", "net"))
    if tcp is not None:
        write(os.path.join(d, "net", "tcp"), tcp)
    if tcp6 is not None:
        write(os.path.join(d, "net", "tcp6"), tcp6)
    if smaps_rollup is not None:
        write(os.path.join(d, "smaps_rollup"), smaps_rollup)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(ROOT)
    write(os.path.join(ROOT, "uptime"), b"1000.00 1900.00\n")
    write(os.path.join(ROOT, "stat"),
          b"cpu  100 0 100 1000 0 0 0 0 0 0\ncpu0 50 0 50 500 0 0 0 0 0 0\nintr 0\nctxt 1000\n"
          b"btime 1763800000\nprocesses 500\nprocs_running 1\nprocs_blocked 0\n")
    write(os.path.join(ROOT, "sys/kernel/random/boot_id"), b"0f5c2f8e-7c3a-4a59-9d2e-5b1d1c0e9a11\n")
    os.symlink("1", os.path.join(ROOT, "self"))            # not a pid: ignored
    write(os.path.join(ROOT, "net/tcp"), b"")                # not a pid: ignored
    write(os.path.join(ROOT, "0123/stat"), b"")              # leading zero: not a pid name

    # CASES
    process(1, stat_line(1, b"systemd", ppid=0, start=1, rss=3000, threads=1),
            b"/sbin/init\0splash\0", exe="/usr/bin/env")
    process(2, stat_line(2, b"kthreadd", ppid=0, pgrp=0, session=0, flags=0x00208040, start=1, vsize=0, rss=0))
    process(10, stat_line(10, b"kworker/0:1-events", state="I", ppid=2, pgrp=0, session=0,
                          flags=0x04208060, start=3, vsize=0, rss=0))
    # runtime's procfsTests case: a name with spaces and nested parentheses
    process(100, stat_line(100, b"dotnet (nested) space", state="R", utime=1000, stime=200, threads=12,
                           start=90_000, rss=20_000),
            b"dotnet\0app.dll\0--urls\0http://127.0.0.1:5000\0", exe="/usr/bin/env")
    process(101, stat_line(101, b"(a)))b)", start=90_100), b"x\0", exe="/usr/bin/env")
    process(102, stat_line(102, b"two\nlines", start=90_200), b"two\0", exe="/usr/bin/env")
    process(103, stat_line(103, b"bad\xff\xfeutf8", start=90_300), b"bad\xff\0", exe="/usr/bin/env")
    # truncated after field 10, and a line of garbage: skipped as malformed
    write(os.path.join(ROOT, "104/stat"), b"104 (cut) S 1 104 104 0 -1 4194560 100")
    write(os.path.join(ROOT, "105/stat"), b"hello world\n")
    # listed but gone before it was read: a directory without stat
    write(os.path.join(ROOT, "106/comm"), b"gone\n")
    # a number that does not fit in 64 bits
    write(os.path.join(ROOT, "107/stat"), stat_line(107, b"huge", start=99999999999999999999999))
    # the miner: kernel-thread name, deleted executable from /tmp, argv rewritten; owned by uid 1000
    process(108, stat_line(108, b"kthreaddi", state="R", utime=5000, stime=10, threads=3, start=95_000,
                           rss=600, ppid=1, pgrp=108, session=108),
            b"[kworker/0:1]\0", exe="/tmp/.x/kthreaddi (deleted)")
    # an empty stat file (a kernel never serves one to a live process): gone
    write(os.path.join(ROOT, "109/stat"), b"")
    # a busy process with status, io and two threads, for the detail read: context switches are
    # counted per thread (status of the process shows only its main thread's)
    # (busy, it gets the deep look too: an honest one, unpinned, files on a terminal and disk)
    process(110, stat_line(110, b"xz", state="R", utime=300, stime=20, threads=2, start=96_000, rss=5000),
            b"xz\0-9\0backup.tar\0", exe="/usr/bin/env",
            status=status_text("xz", 1000, 12, 340), io=io_text(1000, 2000, 4096, 8192),
            threads={110: (status_text("xz", 1000, 12, 340), stat_line(110, b"xz", state="R", utime=250, start=96_000)),
                     111: (status_text("xz", 1000, 3, 60), stat_line(111, b"xz", state="R", utime=50, start=96_001))},
            fds={0: "/dev/pts/0", 1: "/root/backup.tar.xz", 2: "/dev/pts/0", 3: "/root/backup.tar"},
            netns="4026531840", smaps_rollup=smaps_rollup_text(0, 0))
    # a memory-hard miner: detached (parent 1, own session, std streams on /dev/null), workers pinned
    # one per CPU at mixed nice values, huge pages, the msr device open, connections to a pool. One
    # worker started after the first pass (at 1000.5 s), so that its CPU is known in the second.
    miner_tcp = (TCP_HEADER
                 + tcp_line(0, "0100007F:0D05", "00000000:0000", "0A", 938557)       # LISTEN: no peer
                 + tcp_line(1, "00000000:07E8", "00000000:0000", "0A", 621, b"1 000000001aeb229b 100 0 0 10 0")
                 + tcp_line(2, "020200C0:CE66", "01FFFF0A:0D05", "01", 938565, b"2 00000000071e291c 20 0 0 10 -1")
                 + tcp_line(3, "0100007F:DA48", "0100007F:386C", "01", 938563, b"2 0000000019234af3 20 0 0 10 -1")
                 + tcp_line(4, "0100007F:B000", "0100007F:0D3D", "02", 777001, b"2 0000000019234af4 20 0 0 10 -1")
                 # hostile: cut short, a non-hex digit in the address, a port of five digits
                 + b"   5: 0100007F:0D05 0100007F:ED\n"
                 + tcp_line(6, "01000G7F:0D05", "0100007F:ED9A", "01", 938571)
                 + tcp_line(7, "0100007F:0D05", "0100007F:ED9AA", "01", 938572))
    miner_tcp6 = (TCP6_HEADER
                  + tcp6_line(0, "00000000000000000000000000000000:386C", "00000000000000000000000000000000:0000", "0A", 938558)
                  + tcp6_line(1, "00000000000000000000000001000000:386C", "00000000000000000000000001000000:B38E", "01", 938562)
                  + tcp6_line(2, "0000000000000000FFFF00000100007F:386C", "0000000000000000FFFF00000100007F:DA48", "01", 938564))
    miner_thread_stat = lambda tid, utime, nice, start=95_500: stat_line(
        tid, b"xmrig", state="R", utime=utime, nice=nice, start=start, threads=4, pgrp=112, session=112)
    process(112, stat_line(112, b"xmrig", state="S", utime=80_000, stime=100, threads=4, start=95_500, rss=600_000,
                           ppid=1, pgrp=112, session=112),
            b"./xmrig\0-o\0pool.example:3333\0", exe="/var/tmp/.cache/xmrig",
            status=status_text("xmrig", 0, 5, 10), io=io_text(0, 0, 0, 0),
            threads={112: (status_text("xmrig", 0, 5, 10), miner_thread_stat(112, 10, 0)),
                     2112: (status_text("xmrig", 0, 1, 900, cpus="0"), miner_thread_stat(2112, 40_000, 5)),
                     2113: (status_text("xmrig", 0, 1, 900, cpus="1"), miner_thread_stat(2113, 39_990, 19)),
                     2114: (status_text("xmrig", 0, 1, 90, cpus="1"), miner_thread_stat(2114, 45, 19, start=100_050))},
            fds={0: "/dev/null", 1: "/dev/null", 2: "/dev/null", 3: "socket:[938565]", 4: "socket:[938564]",
                 5: "/dev/cpu/0/msr", 6: "socket:[938557]", 7: "socket:[777001]", 8: "socket:[938562]",
                 9: "socket:[938571]", 10: "socket:[938572]", 11: "socket:[938565]", 12: "anon_inode:[eventfd]"},
            netns="4026531840", tcp=miner_tcp, tcp6=miner_tcp6, smaps_rollup=smaps_rollup_text(4096, 2048))
    # a hostile deep look: descriptor 0 closed, 1 leading nowhere, 2 a socket without a number; a
    # thread without Cpus_allowed_list and one whose stat is garbage; a tcp table whose last line
    # has no newline; no tcp6 (IPv6 off); no smaps_rollup
    process(113, stat_line(113, b"odd", state="R", utime=5000, threads=2, start=95_600, ppid=1),
            b"odd\0", exe="/usr/bin/env",
            threads={113: (status_text("odd", 0, 1, 1, cpus=None), stat_line(113, b"odd", utime=5000, start=95_600)),
                     2115: (status_text("odd", 0, 1, 1, cpus="0-"), b"2115 (odd) R 1 2 zz\n")},
            fds={1: "/nonexistent/gone (deleted)", 2: "socket:[]", 3: "socket:[424242]", 4: "socket:[12x]"},
            netns="4026532001",
            tcp=(TCP_HEADER + b"garbage\n\n" + tcp_line(0, "0100007F:9C40", "0100007F:0D05", "01", 424242).rstrip()))


if __name__ == "__main__":
    main()
