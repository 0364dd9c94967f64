namespace HsGuard.Agent.Enforcement;

/// <summary>Waiting for the kernel: freezing, stopping and dying happen after the call that asked
/// for them returns, so the enforcer looks again every few milliseconds, for a bounded time.</summary>
internal static class Polling
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>True once <paramref name="done"/> holds; false when <paramref name="timeout"/>
    /// ran out first.</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        while (!done())
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                return false;
            }
            await Task.Delay(Interval, time, cancellationToken);
        }
        return true;
    }
}
