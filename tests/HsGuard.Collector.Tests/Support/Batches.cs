using Google.Protobuf.WellKnownTypes;
using HsGuard.Protocol.V1;

namespace HsGuard.Collector.Tests.Support;

/// <summary>Hand-made wire messages for tests that speak the protocol directly.</summary>
internal static class Batches
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Hello Hello(string host = "web1", string instance = "i-1", string boot = "boot-1") => new()
    {
        Host = host,
        AgentVersion = "test",
        BootId = boot,
        InstanceId = instance,
        Clock = Timestamp.FromDateTimeOffset(Epoch),
        BootTime = Timestamp.FromDateTimeOffset(Epoch.AddDays(-1)),
        ClockTicksPerSecond = 100,
        CpuCount = 2,
    };

    public static Batch Batch(ulong seq, bool keyframe = false, ulong dropped = 0) => new()
    {
        Seq = seq,
        Time = Timestamp.FromDateTimeOffset(Epoch.AddSeconds(seq)),
        IntervalSeconds = 1,
        Keyframe = keyframe,
        DroppedBatches = dropped,
    };

    public static ProcessSample Started(int pid, string comm = "php-fpm", uint uid = 1000, ulong start = 5000, float cpu = 0) => new()
    {
        Pid = pid,
        StartTicks = start,
        Ppid = 1,
        Uid = uid,
        User = "xyz00-web",
        Comm = comm,
        Exe = "/usr/sbin/" + comm,
        ExeDeleted = false,
        Cmdline = comm + " --pool www",
        KernelThread = false,
        State = "S",
        Pgrp = pid,
        Session = pid,
        Threads = 1,
        RssKb = 1024,
        CpuTicks = 10,
        CpuPercent = cpu,
    };

    public static ProcessSample Cpu(int pid, float cpu, ulong start = 5000) => new()
    {
        Pid = pid,
        StartTicks = start,
        CpuPercent = cpu,
        CpuTicks = 100,
    };

    public static Batch With(this Batch batch, params ProcessSample[] started)
    {
        batch.Started.Add(started);
        return batch;
    }

    public static Batch Updating(this Batch batch, params ProcessSample[] updated)
    {
        batch.Updated.Add(updated);
        return batch;
    }

    public static Batch Exiting(this Batch batch, int pid, ulong start = 5000)
    {
        batch.Exited.Add(new ProcessKey { Pid = pid, StartTicks = start });
        return batch;
    }
}
