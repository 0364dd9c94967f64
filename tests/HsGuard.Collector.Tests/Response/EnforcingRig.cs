namespace HsGuard.Collector.Tests.Response;

/// <summary>The pair in the shipped mode, enforce.</summary>
public sealed class EnforcingRig() : ResponseRig("Enforce", 2941, "hsgtest-resp");
