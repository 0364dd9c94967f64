using System.CommandLine;
using System.Globalization;
using HsGuard.Collector.Members;
using HsGuard.Collector.Store;
using HsGuard.Protocol.Hosting;

namespace HsGuard.Collector.Cli;

/// <summary><c>members show HOST USER</c>: who the directory says owns a user, and by which
/// entry; <c>members unknown</c>: the users incidents were about whom no member is known for;
/// <c>members set</c> and <c>members assign</c>: the database's entries, which override the file.</summary>
internal static class MembersCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var members = new Command("members", "Look up the member directory.");
        members.Subcommands.Add(Show(config, configureLogging));
        members.Subcommands.Add(Unknown(config, configureLogging));
        members.Subcommands.Add(Set(config, configureLogging));
        members.Subcommands.Add(Assign(config, configureLogging));
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

    private static Command Set(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var name = new Argument<string>("MEMBER") { Description = "The member's name; for Hostsharing, the package (xyz00)." };
        var emails = new Option<string[]>("--email") { Description = "An address notices go to (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = false };
        var language = new Option<string>("--language") { Description = "de or en.", Required = true };
        var display = new Option<string?>("--display-name") { Description = "The member's name for people. Defaults to MEMBER." };
        var command = new Command("set", "Add or change a member in the database (it overrides the members file).") { name, emails, language, display };
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            string member = result.GetValue(name)!;
            string[] addresses = result.GetValue(emails) ?? [];
            string lang = result.GetValue(language)!;
            var errors = new[] { MemberFields.CheckName(member), MemberFields.Language(lang) is null ? MemberFields.UnknownLanguage(lang) : null }
                .Concat(addresses.Select(MemberFields.CheckEmail))
                .OfType<string>().ToList();
            if (errors.Count > 0)
            {
                errors.ForEach(e => Console.Error.WriteLine("members set: " + e));
                return 2;
            }
            await using var services = StoreServices.Build(result.GetValue(config), configureLogging);
            services.GetRequiredService<IncidentStore>().SaveMember(member, result.GetValue(display) ?? member,
                System.Text.Json.JsonSerializer.Serialize(addresses), lang.ToLowerInvariant());
            Console.WriteLine($"member {member} saved");
            return 0;
        }));
        return command;
    }

    private static Command Assign(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var user = new Argument<string>("USER") { Description = "The Linux user." };
        var member = new Argument<string>("MEMBER") { Description = "The member who owns it (in the database or the members file)." };
        var host = new Option<string>("--host") { Description = "Only on this host. Defaults to every host (*).", DefaultValueFactory = _ => MemberUser.AnyHost };
        var command = new Command("assign", "Say in the database that MEMBER owns USER (on every host, or on --host).") { user, member, host };
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            string u = result.GetValue(user)!, m = result.GetValue(member)!, h = result.GetValue(host)!;
            var errors = new[] { MemberFields.CheckUser(u), MemberFields.CheckName(m), MemberFields.CheckHost(h) }.OfType<string>().ToList();
            await using var services = StoreServices.Build(result.GetValue(config), configureLogging);
            var directory = services.GetRequiredService<MemberDirectory>();
            directory.Load();
            if (errors.Count == 0 && !directory.IsMember(m))
            {
                errors.Add($"member '{m}' is neither in the database nor in the members file: add it with members set first");
            }
            if (errors.Count > 0)
            {
                errors.ForEach(e => Console.Error.WriteLine("members assign: " + e));
                return 2;
            }
            services.GetRequiredService<IncidentStore>().SaveMemberUser(h, u, m);
            Console.WriteLine($"{u} on {(h == MemberUser.AnyHost ? "every host" : h)} belongs to {m}");
            return 0;
        }));
        return command;
    }
}
