using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace HsGuard.Protocol.Logging;

/// <summary>
/// One log event as the lines systemd's journal reads from a service's standard error: each line
/// starts with the event's syslog priority in angle brackets (sd-daemon(3): "&lt;4&gt;" is a
/// warning), so that <c>journalctl -p warning</c> finds warnings and an exception's stack trace
/// keeps its event's priority on every line. The logger's name and the event id follow the
/// priority, then the message with its values in place.
/// </summary>
public sealed class JournalLineFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string name })
        {
            text.Write(name);
            if (logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue eventId
                && eventId.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int number })
            {
                text.Write('[');
                text.Write(number.ToString(CultureInfo.InvariantCulture));
                text.Write(']');
            }
            text.Write(": ");
        }
        _message.Format(logEvent, text);
        if (logEvent.Exception is not null)
        {
            text.Write('\n');
            text.Write(logEvent.Exception.ToString());
        }
        string prefix = Priority(logEvent.Level);
        foreach (var line in text.ToString().AsSpan().EnumerateLines())
        {
            output.Write(prefix);
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>The syslog priority of a level (syslog(3): 2 critical, 3 error, 4 warning, 6 info, 7 debug).</summary>
    public static string Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => "<2>",
        LogEventLevel.Error => "<3>",
        LogEventLevel.Warning => "<4>",
        LogEventLevel.Information => "<6>",
        _ => "<7>",
    };
}
