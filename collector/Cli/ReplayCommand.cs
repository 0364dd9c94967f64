using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Baseline;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>replay TRACE... [--json]</c>: detection over recorded traces, as fast as it goes.</summary>
internal static class ReplayCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var traces = new Argument<FileInfo[]>("TRACE") { Description = "Trace files (hsguard-agent record, or the collector's RecordDirectory).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the incidents (and the replay's speed)." };
        var evidence = new Option<bool>("--evidence") { Description = "With --json: include each incident's evidence." };
        var rules = new Option<string[]>("--rules") { Description = "Rule files or directories instead of Collector:Detection:Rules:Paths.", AllowMultipleArgumentsPerToken = true };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "A baseline model file to score users with." };
        var command = new Command("replay", "Run detection over recorded traces and print the incidents.") { traces, json, evidence, rules, baseline };
        command.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var settings = new List<KeyValuePair<string, string?>>();
            var paths = result.GetValue(rules) ?? [];
            for (int i = 0; i < paths.Length; i++)
            {
                settings.Add(new($"{RulesOptions.Section}:Paths:{i}", Path.GetFullPath(paths[i])));
            }
            await using var services = DetectionServices.Build(result.GetValue(config), configureLogging, [.. settings]);
            var rulesService = services.GetRequiredService<RulesService>();
            await rulesService.StartAsync(cancel);
            try
            {
                if (result.GetValue(baseline) is { } model)
                {
                    services.GetRequiredService<BaselineService>().Use(BaselineModel.Load(model.FullName));
                }
                var stats = services.GetRequiredService<Replayer>().Run(result.GetValue(traces)!.Select(t => t.FullName), cancel);
                var incidents = services.GetRequiredService<IncidentBook>().All;
                if (result.GetValue(json))
                {
                    WriteJson(Console.OpenStandardOutput(), incidents, stats, result.GetValue(evidence));
                }
                else
                {
                    WriteTable(Console.Out, incidents, stats);
                }
                return 0;
            }
            catch (InvalidDataException e)
            {
                await Console.Error.WriteLineAsync("hsguard-collector: " + e.Message);
                return 1;
            }
            finally
            {
                await rulesService.StopAsync(CancellationToken.None);
            }
        }));
        return command;
    }

    private static void WriteJson(Stream stream, IReadOnlyList<Incident> incidents, ReplayStatistics stats, bool evidence)
    {
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("hosts", stats.Hosts);
            json.WriteNumber("batches", stats.Batches);
            json.WriteNumber("samples", stats.Samples);
            json.WriteNumber("seconds", Math.Round(stats.Elapsed.TotalSeconds, 3));
            json.WriteNumber("samples_per_second", Math.Round(stats.SamplesPerSecond));
            json.WriteStartArray("incidents");
            foreach (var incident in incidents)
            {
                IncidentJsonWriter.Write(json, incident, evidence);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        stream.Flush();
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<Incident> incidents, ReplayStatistics stats)
    {
        var ci = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(ci, $"{stats.Hosts} hosts, {stats.Batches} batches, {stats.Samples} process samples in {stats.Elapsed.TotalSeconds:0.00} s ({stats.SamplesPerSecond:0} samples/s); {incidents.Count} incidents"));
        foreach (var i in incidents.OrderBy(i => i.Host).ThenBy(i => i.DetectedAt))
        {
            output.WriteLine();
            output.WriteLine(string.Create(ci,
                $"#{i.Id} {i.Verdict.ToString().ToUpperInvariant()} {i.Severity} score {i.Score}  {i.Host} {i.User} pid {i.OffenderPid} {i.OffenderComm} {i.OffenderExe}"));
            output.WriteLine(string.Create(ci, $"  first seen {i.FirstSeen:u}, detected {i.DetectedAt:u} ({(i.DetectedAt - i.FirstSeen).TotalSeconds:0.0} s)"));
            foreach (var f in i.Findings.OrderBy(f => f.FirstFired))
            {
                output.WriteLine(string.Create(ci, $"  +{f.Weight,-4} {f.Rule}: {f.Output}"));
            }
        }
    }
}
