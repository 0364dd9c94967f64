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


def status_text(name, uid, voluntary, involuntary):
    return (f"Name:\t{name}\nUmask:\t0022\nState:\tR (running)\nTgid:\t110\nPid:\t110\nPPid:\t1\n"
            f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t{uid}\t{uid}\t{uid}\t{uid}\nThreads:\t4\n"
            f"voluntary_ctxt_switches:\t{voluntary}\nnonvoluntary_ctxt_switches:\t{involuntary}\n").encode()


def io_text(rchar, wchar, read_bytes, write_bytes):
    return (f"rchar: {rchar}\nwchar: {wchar}\nsyscr: 10\nsyscw: 5\nread_bytes: {read_bytes}\n"
            f"write_bytes: {write_bytes}\ncancelled_write_bytes: 0\n").encode()


def write(path, data: bytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def process(pid, stat: bytes, cmdline: bytes = None, exe: str = None, status: bytes = None, io: bytes = None,
            threads: dict = None):
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
    for tid, thread_status in (threads or {}).items():
        write(os.path.join(d, "task", str(tid), "status"), thread_status)


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
    process(110, stat_line(110, b"xz", state="R", utime=300, stime=20, threads=2, start=96_000, rss=5000),
            b"xz\0-9\0backup.tar\0", exe="/usr/bin/env",
            status=status_text("xz", 1000, 12, 340), io=io_text(1000, 2000, 4096, 8192),
            threads={110: status_text("xz", 1000, 12, 340), 111: status_text("xz", 1000, 3, 60)})


if __name__ == "__main__":
    main()
