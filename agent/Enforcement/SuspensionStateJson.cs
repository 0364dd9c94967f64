using System.Text.Json.Serialization;

namespace HsGuard.Agent.Enforcement;

/// <summary>The state file's JSON form, generated at build time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SuspensionState))]
internal sealed partial class SuspensionStateJson : JsonSerializerContext;
