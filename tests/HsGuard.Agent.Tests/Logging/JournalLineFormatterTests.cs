using HsGuard.Protocol.Logging;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;

namespace HsGuard.Agent.Tests.Logging;

/// <summary>What the journal reads from a service's standard error under systemd.</summary>
public sealed class JournalLineFormatterTests
{
    [Fact]
    public void Format_WarningWithEventIdAndValues_PriorityLoggerEventIdAndMessage()
    {
        string text = Render(new JournalLineFormatter(), log => log.LogWarning(new EventId(8001, "Decision"),
            "Incident {Incident} on {Host}", 42, "web01"));

        Assert.Equal("<4>HsGuard.Tests[8001]: Incident 42 on web01\n", text);
    }

    [Fact]
    public void Format_ErrorWithException_EveryLineKeepsThePriority()
    {
        var exception = Throw(() => throw new InvalidOperationException("first line\nsecond line"));

        string text = Render(new JournalLineFormatter(), log => log.LogError(exception, "Stream failed"));

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length > 3, text);
        Assert.All(lines, line => Assert.StartsWith("<3>", line, StringComparison.Ordinal));
        Assert.Equal("<3>HsGuard.Tests: Stream failed", lines[0]);
        Assert.Contains("<3>second line", lines);
    }

    [Theory]
    [InlineData(LogEventLevel.Fatal, "<2>")]
    [InlineData(LogEventLevel.Error, "<3>")]
    [InlineData(LogEventLevel.Warning, "<4>")]
    [InlineData(LogEventLevel.Information, "<6>")]
    [InlineData(LogEventLevel.Debug, "<7>")]
    [InlineData(LogEventLevel.Verbose, "<7>")]
    public void Priority_Level_SyslogPriority(LogEventLevel level, string expected) =>
        Assert.Equal(expected, JournalLineFormatter.Priority(level));

    [Theory]
    [InlineData("24:117703", "socket:[117703]", true)]
    [InlineData("24:117703", "socket:[117704]", false)]
    [InlineData("24:117703", "/dev/pts/3", false)]
    [InlineData("24:117703", null, false)]
    [InlineData("", "socket:[117703]", false)]
    [InlineData(null, "socket:[117703]", false)]
    [InlineData("117703", "socket:[117703]", false)]
    public void IsJournal_StreamAndStandardError_OnlyWhenStandardErrorIsTheNamedSocket(string? journalStream, string? link, bool expected) =>
        Assert.Equal(expected, StandardErrorLogging.IsJournal(journalStream, link));

    private static string Render(ITextFormatter formatter, Action<Microsoft.Extensions.Logging.ILogger> write)
    {
        var sink = new TextSink(formatter);
        using (var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger())
        using (var factory = new SerilogLoggerFactory(serilog))
        {
            write(factory.CreateLogger("HsGuard.Tests"));
        }
        return sink.Text;
    }

    private static Exception Throw(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            return ex;
        }
        throw new InvalidOperationException("did not throw");
    }

    private sealed class TextSink(ITextFormatter formatter) : Serilog.Core.ILogEventSink
    {
        private readonly StringWriter _text = new();

        public string Text => _text.ToString();

        public void Emit(LogEvent logEvent) => formatter.Format(logEvent, _text);
    }
}
