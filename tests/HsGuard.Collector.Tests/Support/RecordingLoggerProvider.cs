using HsGuard.Testing;
using Microsoft.Extensions.Logging;

namespace HsGuard.Collector.Tests.Support;

/// <summary>Hands one <see cref="RecordingLogger"/> to every category, for a test to look in.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly RecordingLogger _logger = new();

    public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries => _logger.Entries;

    /// <summary>The first entry with <paramref name="eventId"/> whose message holds <paramref name="text"/>,
    /// waited for a little: the server may log just after the client saw its refusal.</summary>
    public async Task<(LogLevel Level, EventId Id, string Message)> WaitForAsync(int eventId, string text)
    {
        for (int i = 0; i < 100; i++)
        {
            foreach (var entry in Entries)
            {
                if (entry.Id.Id == eventId && entry.Message.Contains(text, StringComparison.Ordinal))
                {
                    return entry;
                }
            }
            await Task.Delay(10);
        }
        throw new Xunit.Sdk.XunitException($"no log line {eventId} with '{text}' in:\n" + string.Join("\n", Entries.Select(e => $"{e.Level} {e.Id.Id} {e.Message}")));
    }

    public ILogger CreateLogger(string categoryName) => _logger;

    public void Dispose()
    {
    }
}
