using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Ingest;

/// <summary>Every host the collector has heard from, and the one live session of each.</summary>
internal sealed class HostRegistry
{
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private readonly IngestOptions _options;

    private readonly CancellationToken _stopping;

    public HostRegistry(IOptions<IngestOptions> options, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        _stopping = lifetime.ApplicationStopping;
    }

    public IngestOptions Options => _options;

    public ICollection<HostState> Hosts => _hosts.Values;

    public HostState? Find(string host) => _hosts.GetValueOrDefault(host);

    /// <summary>Opens the session of <paramref name="host"/>; a session it already had (a stale
    /// call the agent has given up on) is cancelled, so that one host has one writer.</summary>
    public HostSession Open(string host, CancellationToken callAborted)
    {
        if (!_hosts.TryGetValue(host, out var state))
        {
            if (_hosts.Count >= _options.MaxHosts)
            {
                throw new ProtocolViolation(StatusCode.ResourceExhausted, $"the collector already tracks {_options.MaxHosts} hosts");
            }
            state = _hosts.GetOrAdd(host, h => new HostState(h, _options));
        }
        // A stopping collector ends its agents' calls: they reconnect to the next one.
        var session = new HostSession(this, state, callAborted, _stopping);
        HostSession? previous = null;
        _sessions.AddOrUpdate(host, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        previous?.Supersede();
        return session;
    }

    internal void Close(HostSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, HostSession>(session.State.Host, session));
    }

    public bool IsConnected(string host) => _sessions.ContainsKey(host);

    /// <summary>The live session of <paramref name="host"/>, if it is connected.</summary>
    public HostSession? Session(string host) => _sessions.GetValueOrDefault(host);

    public int ConnectedCount => _sessions.Count;
}
