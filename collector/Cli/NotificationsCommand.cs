using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications;
using HsGuard.Collector.Notifications.Templates;
using HsGuard.Collector.Store;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>notifications validate</c> checks the notification settings, the templates and the
/// members file and prints every error; <c>notifications list</c> shows the outbox.</summary>
internal static class NotificationsCommand
{
    private const int Invalid = 1;

    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var notifications = new Command("notifications", "Check the notice templates and the members file; show the outbox.");
        notifications.Subcommands.Add(Validate(config, configureLogging));
        notifications.Subcommands.Add(List(config, configureLogging));
        return notifications;
    }

    private static Command Validate(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var members = new Option<FileInfo?>("--members") { Description = "A members file instead of Collector:Members:File." };
        var templates = new Option<DirectoryInfo?>("--templates") { Description = "A template directory instead of Collector:Notifications:TemplateDirectory." };
        var command = new Command("validate",
            "Check the notification settings, the templates and the members file: print every error as FILE:LINE:COL: message; exit 1 when there is one.")
        {
            members, templates,
        };
        command.SetAction((result, _) => ConfigurationErrors.Guard(() =>
        {
            var configuration = CollectorCommands.CreateBuilder(result.GetValue(config), configureLogging).Configuration;
            var notices = configuration.GetSection(NotificationsOptions.Section).Get<NotificationsOptions>() ?? new NotificationsOptions();
            var directory = configuration.GetSection(MembersOptions.Section).Get<MembersOptions>() ?? new MembersOptions();
            if (result.GetValue(members) is { } file)
            {
                directory.File = file.FullName;
            }
            if (result.GetValue(templates) is { } folder)
            {
                notices.TemplateDirectory = folder.FullName;
            }
            var errors = new List<string>();
            errors.AddRange(Check(notices).Concat(Check(directory)));
            var templateErrors = new List<RuleError>();
            TemplateSet.Load(TemplateSet.ShippedDirectory, notices.TemplateDirectory, templateErrors);
            errors.AddRange(templateErrors.Select(e => e.ToString()));
            string? membersFile = directory.EffectiveFile();
            if (membersFile is not null)
            {
                errors.AddRange(MemberDirectory.Check(membersFile).Select(e => e.ToString()));
            }
            foreach (string error in errors)
            {
                Console.WriteLine(error);
            }
            if (errors.Count > 0)
            {
                Console.WriteLine(RuleLoadResult.Counted(errors.Count, "error"));
                return Task.FromResult(Invalid);
            }
            Console.WriteLine($"OK: templates from {notices.TemplateDirectory ?? "(shipped)"} over {TemplateSet.ShippedDirectory}; "
                + $"members file {membersFile ?? "(none)"}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static IEnumerable<string> Check(IValidatableObject options) =>
        options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "");

    private static Command List(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var status = new Option<string?>("--status") { Description = "Only notices of this status: pending, sent or failed." };
        status.AcceptOnlyFromAmong("pending", "sent", "failed");
        var incident = new Option<long?>("--incident") { Description = "Only the notices of this incident." };
        var command = new Command("list", "List the outbox's notices, newest first (failed ones are what needs a hostmaster's look).") { status, incident };
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            await using var services = StoreServices.Build(result.GetValue(config), configureLogging);
            var notices = services.GetRequiredService<IncidentStore>().Notices(result.GetValue(status), result.GetValue(incident));
            Console.WriteLine("ID\tINCIDENT\tSTAGE\tCHANNEL\tRECIPIENT\tSTATUS\tTRIES\tWHEN\tLAST ERROR");
            foreach (var n in notices)
            {
                long when = n.SentAt ?? n.NextAttemptAt;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n.Id}\t{n.IncidentId}\t{n.Stage}\t{n.Channel}\t{n.Recipient}\t{n.Status}\t{n.Attempts}\t{DateTimeOffset.FromUnixTimeMilliseconds(when):yyyy-MM-dd HH:mm:ss}\t{n.LastError}"));
            }
            return 0;
        }));
        return command;
    }
}
