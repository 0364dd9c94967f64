namespace HsGuard.Bench.Ingest;

/// <summary>How the trace of <c>ingest</c> is recorded when there is none yet.</summary>
/// <param name="Seconds">Length of the recording (one batch a second).</param>
/// <param name="Processes">Processes on the host while recording, idle ones added to reach it.</param>
/// <param name="Busy">Processes that use CPU in every tick.</param>
/// <param name="BurnMilliseconds">CPU time each busy process uses a second.</param>
/// <param name="Users">Users the busy and short-lived processes are spread over.</param>
/// <param name="StartsPerMinute">Short-lived processes (5 s each) started a minute.</param>
/// <param name="AgentDll">hsguard-agent.dll, whose <c>record</c> writes the trace.</param>
internal sealed record TraceSettings(
    int Seconds, int Processes, int Busy, int BurnMilliseconds, int Users, int StartsPerMinute, string AgentDll);
