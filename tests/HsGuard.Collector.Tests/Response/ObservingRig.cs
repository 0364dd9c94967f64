namespace HsGuard.Collector.Tests.Response;

/// <summary>The pair in observe mode: it records, and never signals.</summary>
public sealed class ObservingRig() : ResponseRig("Observe", 2942, "hsgtest-obs");
