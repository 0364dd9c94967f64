using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Security;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Ingest;

/// <summary>
/// The agents' stream. Each call: a hello (whose host must be the one in the client certificate),
/// then batches, each validated, applied once (by sequence number), recorded when configured and
/// acknowledged. A call that breaks the protocol ends with a status that says why, and a warning;
/// it touches no other host.
/// </summary>
internal sealed class AgentStreamService : AgentStream.AgentStreamBase
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(15);
    private static readonly string Version = typeof(AgentStreamService).Assembly.GetName().Version?.ToString(3) ?? "0";

    private readonly HostRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentStreamService> _log;
    private readonly AgentCertificateValidator _certificates;
    private readonly Detector _detector;
    private readonly IAgentMessageSink _sink;
    private readonly IHostJournal _hostJournal;
    private readonly bool _plaintext;

    public AgentStreamService(HostRegistry registry, TimeProvider time, IOptions<GrpcEndpointOptions> endpoint,
        AgentCertificateValidator certificates, Detector detector, IAgentMessageSink sink, IHostJournal hostJournal, ILogger<AgentStreamService> log)
    {
        _detector = detector;
        _hostJournal = hostJournal;
        _sink = sink;
        _registry = registry;
        _time = time;
        _log = log;
        _certificates = certificates;
        _plaintext = endpoint.Value.PlaintextOnLoopback;
    }

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<CollectorMessage> responses, ServerCallContext context)
    {
        string peer = context.Peer;
        string host = "?";
        try
        {
            var hello = await ReadHelloAsync(requests, context.CancellationToken);
            BatchValidator.ValidateHello(hello);
            host = hello.Host;
            string? certified = _plaintext ? hello.Host : AgentIdentity.HostOf(context.GetHttpContext());
            if (!string.Equals(certified, hello.Host, StringComparison.OrdinalIgnoreCase))
            {
                IngestLog.HostMismatch(_log, peer, certified ?? "(none)", hello.Host);
                throw new ProtocolViolation(StatusCode.PermissionDenied,
                    $"this connection's certificate is for host '{certified}', not '{hello.Host}'");
            }
            await RunSessionAsync(hello, _plaintext ? null : context.GetHttpContext().Connection.ClientCertificate, requests, responses, context);
        }
        catch (ProtocolViolation violation)
        {
            IngestLog.Violation(_log, peer, host, violation.Message);
            throw new RpcException(new Status(violation.Status, violation.Message));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.ResourceExhausted or StatusCode.Internal or StatusCode.InvalidArgument)
        {
            // The framework's own refusals: a message over the size limit, bytes that are not a message.
            IngestLog.Violation(_log, peer, host, e.Status.Detail);
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException && !context.CancellationToken.IsCancellationRequested)
        {
            IngestLog.Violation(_log, peer, host, e.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, "unreadable message: " + e.Message));
        }
    }

    private static async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requests, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(HelloTimeout);
        bool any;
        try
        {
            any = await requests.MoveNext(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new ProtocolViolation(StatusCode.DeadlineExceeded, $"no hello within {HelloTimeout.TotalSeconds} s");
        }
        if (!any)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, "the stream ended before a hello");
        }
        var first = requests.Current;
        if (first.BodyCase != AgentMessage.BodyOneofCase.Hello)
        {
            throw new ProtocolViolation(StatusCode.InvalidArgument, $"the first message must be a hello, not a {first.BodyCase}");
        }
        return first.Hello;
    }

    private async Task RunSessionAsync(Hello hello, X509Certificate2? certificate, IAsyncStreamReader<AgentMessage> requests,
        IServerStreamWriter<CollectorMessage> responses, ServerCallContext context)
    {
        using var session = _registry.Open(hello.Host, context.CancellationToken);
        session.Hello = hello;
        session.Attach(responses);
        var state = session.State;
        ulong lastSeq;
        bool known;
        lock (state.Gate)
        {
            (lastSeq, known) = state.Greet(hello, _time.GetUtcNow());
            state.Connected = true;
        }
        _hostJournal.HostSeen(hello.Host, hello.AgentVersion, hello.BootId, _time.GetUtcNow());
        IngestLog.Connected(_log, hello.Host, hello.AgentVersion, hello.InstanceId, lastSeq, known);
        await using var recorder = HostTraceRecorder.Open(_registry.Options.RecordDirectory, hello.Host);
        if (recorder is not null)
        {
            await recorder.WriteAsync(new AgentMessage { Hello = hello }, session.Token);
        }
        await session.SendAsync(new CollectorMessage
        {
            HelloAck = new HelloAck { LastSeq = lastSeq, StateKnown = known, CollectorVersion = Version },
        }, session.Token);
        await _sink.OnConnectedAsync(session, session.Token);

        try
        {
            while (await requests.MoveNext(session.Token))
            {
                var message = requests.Current;
                if (certificate is not null && _certificates.RevokedSince(certificate) is { } revoked)
                {
                    throw new ProtocolViolation(StatusCode.PermissionDenied, revoked);
                }
                switch (message.BodyCase)
                {
                    case AgentMessage.BodyOneofCase.Batch:
                        break;
                    case AgentMessage.BodyOneofCase.CommandResult:
                        BatchValidator.ValidateResult(message.CommandResult);
                        _sink.OnCommandResult(hello.Host, message.CommandResult);
                        continue;
                    case AgentMessage.BodyOneofCase.Evidence:
                        BatchValidator.ValidateEvidence(message.Evidence);
                        _sink.OnEvidence(hello.Host, message.Evidence);
                        continue;
                    case AgentMessage.BodyOneofCase.EvidenceChunk:
                        _sink.OnEvidenceChunk(hello.Host, message.EvidenceChunk);
                        continue;
                    default:
                        throw new ProtocolViolation(StatusCode.InvalidArgument, $"after the hello only batches, results and evidence may come, not a {message.BodyCase}");
                }
                var batch = message.Batch;
                BatchValidator.ValidateBatch(batch, _registry.Options.MaxProcessesPerHost);
                bool applied;
                lock (state.Gate)
                {
                    applied = state.Apply(batch, _time.GetUtcNow());
                    if (applied)
                    {
                        // On the agent's clock, as replay does: times in incidents are the host's.
                        _detector.OnBatch(state, batch, batch.Time.ToDateTimeOffset());
                    }
                    lastSeq = state.LastSeq;
                }
                if (applied)
                {
                    if (batch.DroppedBatches > 0)
                    {
                        IngestLog.AgentDropped(_log, hello.Host, batch.DroppedBatches);
                    }
                    if (recorder is not null)
                    {
                        await recorder.WriteAsync(message, session.Token);
                    }
                }
                await session.SendAsync(new CollectorMessage { Ack = new Ack { Seq = lastSeq } }, session.Token);
            }
        }
        catch (OperationCanceledException) when (session.Superseded)
        {
            IngestLog.Superseded(_log, hello.Host);
            return;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The agent went away.
        }
        catch (OperationCanceledException) when (session.Token.IsCancellationRequested)
        {
            // The collector is stopping: the call ends, the agent reconnects to the next one.
        }
        IngestLog.Disconnected(_log, hello.Host, state.BatchesApplied);
    }
}
