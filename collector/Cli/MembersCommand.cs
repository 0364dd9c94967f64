using System.CommandLine;
using System.Globalization;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>members show HOST USER</c>: who the directory says owns a user, and by which
/// entry; <c>members unknown</c>: the users incidents were about whom no member is known for.</summary>
internal static class MembersCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var members = new Command("members", "Look up the member directory.");
        members.Subcommands.Add(Show(config, configureLogging));
        members.Subcommands.Add(Unknown(config, configureLogging));
        return members;
    }

    private static Command Show(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var host = new Argument<string>("HOST") { Description = "The host's name, as its agent reports it." };
        var user = new Argument<string>("USER") { Description = "The Linux user." };
        var command = new Command("show", "Show the member who owns USER on HOST, and why; exit 1 when none is known.") { host, user };
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            await using var services = StoreServices.Build(result.GetValue(config), configureLogging);
            var directory = services.GetRequiredService<MemberDirectory>();
            directory.Load();
            var lookup = directory.Resolve(result.GetValue(host)!, result.GetValue(user)!);
            if (lookup.Member is not { } member)
            {
                Console.WriteLine($"unknown member: {lookup.How}");
                return 1;
            }
            Console.WriteLine($"member:   {member.Name} ({member.DisplayName})");
            Console.WriteLine($"language: {member.Language.ToString().ToLowerInvariant()}");
            Console.WriteLine($"emails:   {string.Join(", ", member.Emails)}");
            Console.WriteLine($"from:     {lookup.How}");
            return 0;
        }));
        return command;
    }

    private static Command Unknown(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var command = new Command("unknown",
            "List the users that incidents worth telling about (alert, suspend) were about and whom no member is known for: "
            + "their incidents went to the hostmasters only. Add them to the members file or the database.");
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            await using var services = StoreServices.Build(result.GetValue(config), configureLogging);
            var directory = services.GetRequiredService<MemberDirectory>();
            directory.Load();
            var unknown = services.GetRequiredService<IncidentStore>().IncidentUsers()
                .Select(row => (Row: row, Lookup: directory.Resolve(row.Host, row.User)))
                .Where(u => !u.Lookup.Known)
                .ToList();
            Console.WriteLine("HOST\tUSER\tINCIDENTS\tLAST INCIDENT\tLAST OPENED\tWHY");
            foreach (var (row, lookup) in unknown)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Host}\t{row.User}\t{row.Incidents}\t{row.LastIncident}\t{DateTimeOffset.FromUnixTimeMilliseconds(row.LastOpened):yyyy-MM-dd HH:mm}\t{lookup.How}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{unknown.Count} users without a known member"));
            return 0;
        }));
        return command;
    }
}
