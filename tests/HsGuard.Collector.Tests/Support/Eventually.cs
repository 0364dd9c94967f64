namespace HsGuard.Collector.Tests.Support;

internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with
    /// <paramref name="what"/> after <paramref name="timeout"/>. For things that happen in another
    /// process or on another thread, never to time how fast they happen.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan timeout, CancellationToken cancel)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"timed out after {timeout.TotalSeconds} s waiting for: {what}");
            }
            await Task.Delay(50, cancel);
        }
    }
}
