using System.Globalization;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace HsGuard.Protocol.Logging;

/// <summary>
/// Where agent and collector log: standard error, so that standard output stays a command's
/// result. Under systemd, whose journal then reads standard error, every line carries its syslog
/// priority (<see cref="JournalLineFormatter"/>); in a terminal the console's usual lines.
/// </summary>
public static class StandardErrorLogging
{
    public static LoggerConfiguration StandardError(this LoggerSinkConfiguration writeTo)
    {
        ArgumentNullException.ThrowIfNull(writeTo);
        return IsJournal(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), ReadLink("/proc/self/fd/2"))
            ? writeTo.Console(new JournalLineFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : writeTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether standard error is the journal's stream. systemd sets JOURNAL_STREAM to
    /// "DEVICE:INODE" of the socket it connected; a program that inherited the variable but whose
    /// standard error goes elsewhere (a shell started from a service, a redirection) must not
    /// write priority prefixes there (systemd.exec(5)). The socket's inode is what
    /// /proc/self/fd/2 names as "socket:[INODE]".
    /// </summary>
    public static bool IsJournal(string? journalStream, string? standardErrorLink)
    {
        if (string.IsNullOrEmpty(journalStream) || standardErrorLink is null)
        {
            return false;
        }
        int colon = journalStream.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && standardErrorLink == $"socket:[{journalStream[(colon + 1)..]}]";
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
