using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>rules validate [PATH...]</c> checks rules files and prints every error;
/// <c>rules list [PATH...] [--json]</c> shows the rules; the hidden <c>rules fields --markdown</c>
/// prints the field table of rules/README.md. Without PATH, the configured Collector:Detection:Rules:Paths
/// (by default the shipped rules, then /etc/hsguard/rules.d).</summary>
internal static class RulesCommand
{
    private const int Invalid = 1;

    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var rules = new Command("rules", "Check and show the detection rules.");
        rules.Subcommands.Add(Validate(config, configureLogging));
        rules.Subcommands.Add(List(config, configureLogging));
        rules.Subcommands.Add(Fields());
        return rules;
    }

    private static Argument<string[]> PathsArgument() => new("PATH")
    {
        Description = "Rules files or directories, loaded in this order (later ones override earlier ones). "
            + "Defaults to Collector:Detection:Rules:Paths (the shipped rules, then /etc/hsguard/rules.d).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static Command Validate(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var paths = PathsArgument();
        var command = new Command("validate", "Check rules files: print every error as FILE:LINE:COL: message; exit 1 when there is one.")
        {
            paths,
        };
        command.SetAction((result, _) => ConfigurationErrors.Guard(() =>
        {
            var files = Resolve(result.GetValue(paths), result.GetValue(config), configureLogging);
            var loaded = RuleLoader.Load(files);
            if (loaded.RuleSet is not { } set)
            {
                return Task.FromResult(PrintErrors(loaded));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK: {RuleLoadResult.Counted(set.Rules.Count, "rule")}, {RuleLoadResult.Counted(set.MacroCount, "macro")}, "
                + $"{RuleLoadResult.Counted(set.ListCount, "list")} from {RuleLoadResult.Counted(set.Files.Count, "file")} (version {set.Version})"));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command List(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var paths = PathsArgument();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command("list", "List the rules: name, priority, weight, tags, and where each is defined.") { paths, json };
        command.SetAction((result, _) => ConfigurationErrors.Guard(() =>
        {
            var loaded = RuleLoader.Load(Resolve(result.GetValue(paths), result.GetValue(config), configureLogging));
            if (loaded.RuleSet is not { } set)
            {
                return Task.FromResult(PrintErrors(loaded));
            }
            if (result.GetValue(json))
            {
                WriteJson(Console.OpenStandardOutput(), set);
            }
            else
            {
                WriteTable(Console.Out, set);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Fields()
    {
        var markdown = new Option<bool>("--markdown") { Description = "Print the Markdown table of rules/README.md." };
        var command = new Command("fields", "Print the fields conditions and outputs can use.") { markdown };
        command.Hidden = true;
        command.SetAction(result =>
        {
            Console.Out.Write(result.GetValue(markdown) ? RuleFieldTable.Markdown() : RuleFieldTable.Text());
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string> Resolve(string[]? paths, FileInfo? config, Action<IHostApplicationBuilder> configureLogging)
    {
        if (paths is { Length: > 0 })
        {
            return paths;
        }
        var builder = CollectorCommands.CreateBuilder(config, configureLogging);
        var options = new RulesOptions();
        builder.Configuration.GetSection(RulesOptions.Section).Bind(options);
        return options.EffectivePaths();
    }

    /// <summary>Every error, then the count; on standard output, as linters print their findings.</summary>
    private static int PrintErrors(RuleLoadResult loaded)
    {
        foreach (var error in loaded.Errors)
        {
            Console.WriteLine(error.ToString());
        }
        int files = loaded.Errors.Select(e => e.File).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"{RuleLoadResult.Counted(loaded.Errors.Count, "error")} in {RuleLoadResult.Counted(files, "file")}");
        return Invalid;
    }

    private static void WriteTable(TextWriter output, RuleSet set)
    {
        var rows = set.Rules.Select(r => (
            Name: r.Enabled ? r.Name : r.Name + " (disabled)",
            Where: string.Create(CultureInfo.InvariantCulture, $"{r.File}:{r.Line}"),
            Rule: r)).ToList();
        int nameWidth = rows.Max(r => (int?)r.Name.Length) ?? 4;
        int whereWidth = rows.Max(r => (int?)r.Where.Length) ?? 5;
        output.WriteLine($"{"NAME".PadRight(nameWidth)}  {"PRIORITY",-13}  {"WEIGHT",6}  {"WHERE".PadRight(whereWidth)}  TAGS");
        foreach (var (name, where, rule) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name.PadRight(nameWidth)}  {Priority(rule.Priority),-13}  {rule.Weight,6}  {where.PadRight(whereWidth)}  {string.Join(",", rule.Tags)}"));
        }
    }

    private static void WriteJson(Stream stream, RuleSet set)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", set.Version);
            json.WriteStartArray("rules");
            foreach (var rule in set.Rules)
            {
                json.WriteStartObject();
                json.WriteString("name", rule.Name);
                json.WriteString("priority", Priority(rule.Priority));
                json.WriteNumber("weight", rule.Weight);
                json.WriteString("source", rule.Source == RuleSource.User ? "user" : "process");
                json.WriteBoolean("enabled", rule.Enabled);
                json.WriteString("maturity", rule.Maturity.ToString().ToLowerInvariant());
                json.WriteStartArray("tags");
                foreach (string tag in rule.Tags)
                {
                    json.WriteStringValue(tag);
                }
                json.WriteEndArray();
                json.WriteString("file", rule.File);
                json.WriteNumber("line", rule.Line);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    private static string Priority(RulePriority priority) => priority.ToString().ToUpperInvariant();
}
