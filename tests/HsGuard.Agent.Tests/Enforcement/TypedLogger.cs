using HsGuard.Testing;
using Microsoft.Extensions.Logging;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>A <see cref="RecordingLogger"/> where an <see cref="ILogger{T}"/> is asked for.</summary>
internal sealed class TypedLogger<T>(RecordingLogger inner) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
