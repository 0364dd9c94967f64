using System.Collections.Concurrent;
using System.Security.Cryptography;
using Google.Protobuf;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Hosting;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Response;

/// <summary>
/// Keeps what agents captured: evidence/INCIDENT/COMMAND/bundle.json (the bundle in protobuf
/// JSON) and executable.bin (the copy, assembled from its chunks in order and checked against the
/// SHA-256 the agent computed). Only the state directory's owner may read it (0700): it holds
/// executables and environments.
/// </summary>
internal sealed class EvidenceStore
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private readonly string _root;
    private readonly ConcurrentDictionary<string, (StoredEvidence Evidence, FileStream? Copy, IncrementalHash Hash)> _open = new();

    public EvidenceStore(IOptions<CollectorOptions> options)
    {
        _root = Path.Combine(options.Value.StateDirectory, "evidence");
    }

    public StoredEvidence Begin(Incident incident, EvidenceBundle bundle)
    {
        string directory = Path.Combine(_root, incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Safe(bundle.CommandId));
        Directory.CreateDirectory(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(directory, "bundle.json"), Formatter.Format(bundle));
        var stored = new StoredEvidence(bundle, directory);
        var copy = bundle.ExeCopySize > 0 ? new FileStream(Path.Combine(directory, "executable.bin"), FileMode.Create, FileAccess.Write) : null;
        if (_open.TryRemove(bundle.CommandId, out var previous))
        {
            previous.Copy?.Dispose();
            previous.Hash.Dispose();
        }
        _open[bundle.CommandId] = (stored, copy, IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        return stored;
    }

    /// <summary>Appends a chunk; returns the evidence when the copy is complete. A chunk out of
    /// order or past the announced size ends the copy as unverified.</summary>
    public StoredEvidence? Append(EvidenceChunk chunk)
    {
        if (!_open.TryGetValue(chunk.CommandId, out var entry) || entry.Copy is null)
        {
            return null;
        }
        var (stored, copy, hash) = entry;
        if ((long)chunk.Offset != stored.CopyReceived || stored.CopyReceived + chunk.Data.Length > (long)stored.Bundle.ExeCopySize)
        {
            Finish(chunk.CommandId, verified: false);
            return stored;
        }
        copy.Write(chunk.Data.Span);
        hash.AppendData(chunk.Data.Span);
        stored.CopyReceived += chunk.Data.Length;
        if (!chunk.Last)
        {
            return null;
        }
        bool whole = (ulong)stored.CopyReceived == stored.Bundle.ExeSize;
        string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        Finish(chunk.CommandId, whole && string.Equals(digest, stored.Bundle.ExeSha256, StringComparison.OrdinalIgnoreCase));
        return stored;
    }

    private void Finish(string commandId, bool verified)
    {
        if (_open.TryRemove(commandId, out var entry))
        {
            entry.Copy?.Dispose();
            entry.Hash.Dispose();
            entry.Evidence.CopyVerified = verified;
            entry.Evidence.ExecutableCopy = entry.Copy is null ? null : Path.Combine(entry.Evidence.Directory, "executable.bin");
        }
    }

    private static string Safe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
}
