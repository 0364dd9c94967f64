using System.Diagnostics;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>An honest scenario's <c>runuser</c>, a child of the test: its output is read (and
/// dropped, as cron's mail would be), and it is reaped once its user's processes have ended.</summary>
internal sealed class RunningJob : IAsyncDisposable
{
    private readonly Process _runuser;

    public RunningJob(ProcessStartInfo info)
    {
        _runuser = Process.Start(info) ?? throw new InvalidOperationException("runuser did not start");
        _runuser.OutputDataReceived += (_, _) => { };
        _runuser.ErrorDataReceived += (_, _) => { };
        _runuser.BeginOutputReadLine();
        _runuser.BeginErrorReadLine();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _runuser.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _runuser.Kill();
            await _runuser.WaitForExitAsync(CancellationToken.None);
        }
        _runuser.Dispose();
    }
}
