using System.Globalization;
using System.Text.Json;
using HsGuard.Collector.Security;

namespace HsGuard.Collector.Cli;

/// <summary>The <c>ca list</c> output: a table, or with <c>--json</c> one object whose
/// <c>certificates</c> have snake_case fields.</summary>
internal static class CaListWriter
{
    public static void WriteTable(TextWriter output, IReadOnlyList<IssuedCertificate> issued, DateTimeOffset now)
    {
        if (issued.Count == 0)
        {
            output.WriteLine("No certificate issued yet: 'hsguard-collector ca issue HOST --out DIR' makes one.");
            return;
        }
        int hostWidth = Math.Max(4, issued.Max(c => c.Host.Length));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"SERIAL",-32}  {"HOST".PadRight(hostWidth)}  {"NOT AFTER",-20}  STATUS"));
        foreach (var c in issued)
        {
            string status = Status(c.StatusAt(now));
            if (c.RevokedAt is { } revoked)
            {
                status += string.Create(CultureInfo.InvariantCulture, $" {revoked.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Serial,-32}  {c.Host.PadRight(hostWidth)}  {c.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {status}"));
        }
    }

    public static void WriteJson(Stream stream, string directory, IReadOnlyList<IssuedCertificate> issued, DateTimeOffset now)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("directory", directory);
            json.WriteStartArray("certificates");
            foreach (var c in issued)
            {
                json.WriteStartObject();
                json.WriteString("serial", c.Serial);
                json.WriteString("host", c.Host);
                json.WriteString("not_before", c.NotBefore.ToUniversalTime());
                json.WriteString("not_after", c.NotAfter.ToUniversalTime());
                json.WriteString("status", Status(c.StatusAt(now)));
                if (c.RevokedAt is { } revoked)
                {
                    json.WriteString("revoked_at", revoked.ToUniversalTime());
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    private static string Status(CertificateStatus status) => status switch
    {
        CertificateStatus.Valid => "valid",
        CertificateStatus.NotYetValid => "not-yet-valid",
        CertificateStatus.Expired => "expired",
        _ => "revoked",
    };
}
