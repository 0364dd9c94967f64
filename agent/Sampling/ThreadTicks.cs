namespace HsGuard.Agent.Sampling;

/// <summary>A thread's utime+stime at the deep look of pass <see cref="Pass"/>, and its start
/// time (a reused thread id has another).</summary>
internal readonly record struct ThreadTicks(ulong Ticks, ulong StartTicks, long Pass);
