using System.Text.Json;
using Google.Protobuf;

namespace HsGuard.Collector.Store;

/// <summary>How structured values are written into text columns.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static readonly JsonFormatter Protobuf = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
}
