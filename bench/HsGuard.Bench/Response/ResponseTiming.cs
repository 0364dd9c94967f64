namespace HsGuard.Bench.Response;

/// <summary>One run: from the miner stand-in's start to the agent's report that it is suspended,
/// in the four parts the issue names. All times are this host's wall clock (the bench, the
/// collector in this process and the agent's process read the same one).</summary>
/// <param name="Sampling">Start → the sampler's pass that first lists it (the pass's start).</param>
/// <param name="Transport">That pass → its batch read off the stream by the collector.</param>
/// <param name="Detection">Received → the policy's decision to suspend (rules, incident, verdict, policy).</param>
/// <param name="Command">Decision → the agent's result "done" (command down the stream, checks, freeze, settle).</param>
internal sealed record ResponseTiming(TimeSpan Sampling, TimeSpan Transport, TimeSpan Detection, TimeSpan Command, string Method)
{
    public TimeSpan Total => Sampling + Transport + Detection + Command;
}
