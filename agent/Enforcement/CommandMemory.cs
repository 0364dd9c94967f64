using HsGuard.Protocol.V1;

namespace HsGuard.Agent.Enforcement;

/// <summary>The results of the last commands carried out, by command id, so that a command the
/// collector sends again (it lost the answer in a reconnect) is answered with its first result and
/// not carried out a second time. Bounded: the oldest are forgotten first.</summary>
internal sealed class CommandMemory
{
    private readonly Dictionary<string, CommandResult> _results = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly int _capacity;

    public CommandMemory(int capacity)
    {
        _capacity = capacity;
    }

    public bool TryGet(string commandId, out CommandResult result) => _results.TryGetValue(commandId, out result!);

    public void Remember(string commandId, CommandResult result)
    {
        if (_results.TryAdd(commandId, result))
        {
            _order.Enqueue(commandId);
        }
        while (_order.Count > _capacity)
        {
            _results.Remove(_order.Dequeue());
        }
    }
}
