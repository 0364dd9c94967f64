using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using HsGuard.Agent.Streaming;
using HsGuard.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Enforcement;

/// <summary>
/// Commands on their way from the stream's reader to the enforcer's loop. The reader must never
/// wait here: it also takes the acknowledgements, and a reader that waits stalls the whole call.
/// So the queue is bounded and a command that finds it full is answered at once (FAILED, "busy")
/// instead of waiting; the collector may send it again. The bound is safe because commands come
/// at the pace of incidents (a few a minute on a bad day) and one takes well under a second (a
/// KILL waits a few seconds at most for the kernel): 256 waiting means the loop is stuck, and
/// then queueing more would only hide it.
/// </summary>
public sealed class CommandInbox
{
    public const int Capacity = 256;

    private readonly Channel<Command> _commands = Channel.CreateBounded<Command>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,   // TryWrite fails when full; nothing ever waits
    });
    private readonly MessageOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<CommandInbox> _log;

    public CommandInbox(MessageOutbox outbox, TimeProvider time, ILogger<CommandInbox> log)
    {
        _outbox = outbox;
        _time = time;
        _log = log;
    }

    public ChannelReader<Command> Reader => _commands.Reader;

    /// <summary>Queues a command for the enforcer; never waits. False (and the command answered
    /// FAILED) when the queue is full.</summary>
    public bool Accept(Command command)
    {
        if (_commands.Writer.TryWrite(command))
        {
            return true;
        }
        EnforcementLog.InboxFull(_log, command.Id, Capacity);
        _outbox.Add(new AgentMessage
        {
            CommandResult = new CommandResult
            {
                CommandId = command.Id,
                IncidentId = command.IncidentId,
                Status = CommandStatus.Failed,
                Reason = $"the agent is busy: {Capacity} commands are waiting; not carried out, send it again later",
                Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            },
        });
        return false;
    }
}
