using System.CommandLine;
using System.Globalization;
using HsGuard.Collector.Detection;
using HsGuard.Collector.Detection.Baseline;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>baseline train TRACE... --out FILE</c>: learns each user's normal from traces;
/// <c>baseline show FILE</c>: what a model file holds.</summary>
internal static class BaselineCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var traces = new Argument<FileInfo[]>("TRACE") { Description = "Trace files of normal operation.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "The model file to write.", Required = true };
        var minWindows = new Option<int?>("--min-windows") { Description = "Minutes a user needs to be learned (Collector:Detection:Baseline:MinWindows)." };
        var train = new Command("train", "Learn each user's normal behaviour from traces and write a model file.") { traces, output, minWindows };
        train.SetAction((result, cancel) => ConfigurationErrors.Guard(async () =>
        {
            var settings = new List<KeyValuePair<string, string?>>();
            if (result.GetValue(minWindows) is { } min)
            {
                settings.Add(new($"{BaselineOptions.Section}:MinWindows", min.ToString(CultureInfo.InvariantCulture)));
            }
            await using var services = DetectionServices.Build(result.GetValue(config), configureLogging, [.. settings]);
            var rules = services.GetRequiredService<RulesService>();
            await rules.StartAsync(cancel);
            try
            {
                services.GetRequiredService<Replayer>().Run(result.GetValue(traces)!.Select(t => t.FullName), cancel);
                var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BaselineOptions>>().Value;
                var model = BaselineModel.Train(services.GetRequiredService<BaselineService>().Windows,
                    options.MinWindows, options.Clusters, options.TrainingRows, DateTimeOffset.UtcNow);
                if (model is null)
                {
                    await Console.Error.WriteLineAsync($"hsguard-collector: no user has {options.MinWindows} minutes in these traces; nothing learned");
                    return 1;
                }
                string path = result.GetValue(output)!.FullName;
                model.Save(path);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained baseline {model.Version} on {model.Users} users and {model.Windows} minutes: {path}"));
                return 0;
            }
            catch (InvalidDataException e)
            {
                await Console.Error.WriteLineAsync("hsguard-collector: " + e.Message);
                return 1;
            }
            finally
            {
                await rules.StopAsync(CancellationToken.None);
            }
        }));

        var file = new Argument<FileInfo>("FILE") { Description = "A baseline model file." };
        var show = new Command("show", "Show what a baseline model file holds.") { file };
        show.SetAction(result =>
        {
            try
            {
                var model = BaselineModel.Load(result.GetValue(file)!.FullName);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"baseline {model.Version}: trained {model.TrainedAt:u} on {model.Users} users and {model.Windows} minutes; features {string.Join(", ", BaselineFeatures.Names)}"));
                return 0;
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine("hsguard-collector: " + e.Message);
                return 1;
            }
        });
        return new Command("baseline", "The learned per-user baseline.") { train, show };
    }
}
