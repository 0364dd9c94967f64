using System.Globalization;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// The real agent recording this host at its default tick (1 s): <c>hsguard-agent record
/// --seconds N --out FILE</c>, as a process of its own. Started before the scenarios, and ready
/// once its hello and first batch are written, so that every scenario process is seen starting.
/// </summary>
internal sealed class AgentRecording : IDisposable
{
    private readonly RunningProgram _agent;

    private AgentRecording(RunningProgram agent, string trace)
    {
        _agent = agent;
        Trace = trace;
    }

    public string Trace { get; }

    public static async Task<AgentRecording> StartAsync(string trace, TimeSpan longest, CancellationToken cancel)
    {
        string seconds = ((int)Math.Ceiling(longest.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // A trace of an earlier run under the same name would pass for this one's first lines (and
        // its suspended miners for this run's) until the agent, slow to start on a loaded machine,
        // truncates it.
        File.Delete(trace);
        var recording = new AgentRecording(HsGuardProgram.Start(HsGuardProgram.Agent, ["record", "--seconds", seconds, "--out", trace]), trace);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (TraceFile.CompleteLines(trace) < 2)
            {
                if (recording._agent.HasExited)
                {
                    throw new InvalidOperationException($"hsguard-agent record exited ({recording._agent.ExitCode}): {recording._agent.Output}");
                }
                await Task.Delay(50, timeout.Token);
            }
            return recording;
        }
        catch
        {
            recording.Dispose();
            throw;
        }
    }

    /// <summary>Ends the recording (SIGTERM, as a user's Ctrl-C) and keeps its whole lines.</summary>
    public async Task StopAsync()
    {
        await _agent.StopAsync(TimeSpan.FromSeconds(15));
        TraceFile.DropTornLine(Trace);
    }

    public void Dispose() => _agent.Dispose();
}
