using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HsGuard.Protocol.Hosting;

/// <summary>
/// Turns what a wrong configuration throws (an unreadable file, a value that does not bind, a
/// value out of range) into one line that names the file or key, for a clean exit instead of a
/// stack trace. sysexits(3) EX_CONFIG is the exit status.
/// </summary>
public static class ConfigurationErrors
{
    public const int ExitCode = 78;

    /// <summary>Checks every option registered with ValidateOnStart now, before a host starts:
    /// a wrong value is then the one-line error of <see cref="Guard"/>, not a failed start logged
    /// with a stack trace.</summary>
    public static void ValidateNow(IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();

    public static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await Console.Error.WriteLineAsync("hsguard: configuration error: " + message);
            return ExitCode;
        }
    }

    public static string? Describe(Exception e) => e switch
    {
        OptionsValidationException v => string.Join("; ", v.Failures),
        // Several sections wrong at once: the start-up validator gathers them.
        AggregateException a when a.InnerExceptions.All(i => Describe(i) is not null) =>
            string.Join(Environment.NewLine, a.InnerExceptions.Select(i => Describe(i))),
        // The binder names the key and the value: "Failed to convert configuration value 'abc' at 'Agent:Sampler:Interval' to type 'System.TimeSpan'."
        InvalidOperationException { InnerException: FormatException } b => b.Message,
        InvalidDataException d => Chain(d),
        FileNotFoundException f => f.Message,
        _ => null,
    };

    /// <summary>The message and those of its causes: a JSON file's error says the line last.</summary>
    private static string Chain(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            messages.Add(x.Message);
        }
        return string.Join(" ", messages);
    }
}
