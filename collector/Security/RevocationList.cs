using System.Globalization;
using System.Text;

namespace HsGuard.Collector.Security;

/// <summary>
/// revoked.txt: the serials the collector refuses, one a line as "SERIAL HOST REVOKED-AT" (hex
/// serial as <c>ca list</c> shows it, UTC time in ISO 8601); '#' starts a comment. Written by
/// <c>ca revoke</c>, re-read by the running collector when it changes.
/// </summary>
internal sealed class RevocationList
{
    public const string FileName = "revoked.txt";

    private const string Header = "# HsGuard revoked agent certificates: SERIAL HOST REVOKED-AT (UTC). Written by 'hsguard-collector ca revoke'.";

    public static RevocationList Empty { get; } = new(new Dictionary<string, RevokedCertificate>(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, RevokedCertificate> _bySerial;

    private RevocationList(Dictionary<string, RevokedCertificate> bySerial)
    {
        _bySerial = bySerial;
    }

    public int Count => _bySerial.Count;

    public RevokedCertificate? Find(string serial) => _bySerial.GetValueOrDefault(serial);

    public RevocationList With(IEnumerable<RevokedCertificate> revoked)
    {
        var all = new Dictionary<string, RevokedCertificate>(_bySerial, StringComparer.OrdinalIgnoreCase);
        foreach (var r in revoked)
        {
            all.TryAdd(r.Serial, r);
        }
        return new RevocationList(all);
    }

    /// <summary>The list in <paramref name="path"/>; none when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">A line is not "SERIAL HOST REVOKED-AT"; the message names file and line.</exception>
    public static RevocationList Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }
        var all = new Dictionary<string, RevokedCertificate>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !IsSerial(fields[0])
                || !DateTimeOffset.TryParse(fields[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new InvalidDataException($"{path} line {i + 1}: expected 'SERIAL HOST REVOKED-AT', found '{line}'");
            }
            all.TryAdd(fields[0], new RevokedCertificate(fields[0].ToUpperInvariant(), fields[1], at));
        }
        return new RevocationList(all);
    }

    public void Write(string path)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in _bySerial.Values.OrderBy(r => r.RevokedAt))
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Serial} {r.Host} {r.RevokedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        }
        PkiFiles.Write(path, text.ToString(), PkiFiles.PublicFile);
    }

    /// <summary>Hex digits, as X509Certificate2.SerialNumber gives them.</summary>
    public static bool IsSerial(string text) => text.Length is > 0 and <= 40 && text.All(char.IsAsciiHexDigit);
}
