using System.CommandLine;
using HsGuard.Collector.Hosting;
using HsGuard.Collector.Web;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Cli;

/// <summary>
/// <c>account list | add | password | token</c>: the web UI's and API's accounts file, managed on
/// the collector's machine (a running collector reads the change within a second). Passwords and
/// tokens are stored hashed; a new token or generated password is printed once.
/// </summary>
internal static class AccountCommand
{
    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var account = new Command("account", "Manage the web UI's and API's accounts (hostmasters, members, monitors).");
        account.Subcommands.Add(List(config, configureLogging));
        account.Subcommands.Add(Add(config, configureLogging));
        account.Subcommands.Add(Password(config, configureLogging));
        account.Subcommands.Add(Token(config, configureLogging));
        return account;
    }

    private static Command List(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var command = new Command("list", "List the accounts: name, role, member, whether a password is set, how many tokens.");
        command.SetAction((result, _) => ConfigurationErrors.Guard(() =>
        {
            var (store, accounts) = Open(result.GetValue(config), configureLogging);
            Console.WriteLine($"# {store.Path}");
            var table = new Triage.TextTable("NAME", "ROLE", "MEMBER", "PASSWORD", "TOKENS");
            foreach (var a in accounts)
            {
                table.Add(a.Name, a.Role.ToString().ToLowerInvariant(), a.Member ?? "-", a.PasswordHash is null ? "no" : "yes", a.TokenHashes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            table.Write(Console.Out);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Add(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var name = new Argument<string>("NAME") { Description = "The account's name (no spaces)." };
        var role = new Option<AccountRole>("--role") { Description = "hostmaster (sees all, acts), member (its own incidents), monitor (/metrics only).", Required = true };
        var member = new Option<string?>("--member") { Description = "For a member account: which member (xyz00)." };
        var command = new Command("add", "Add an account (then give it a password or a token).") { name, role, member };
        command.SetAction((result, _) => ConfigurationErrors.Guard(async () =>
        {
            var (store, accounts) = Open(result.GetValue(config), configureLogging);
            string n = result.GetValue(name)!;
            var r = result.GetValue(role);
            string? m = result.GetValue(member);
            string? error = n.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? $"'{n}' holds spaces"
                : accounts.Any(a => a.Name == n) ? $"there is already an account {n}"
                : r == AccountRole.Member && string.IsNullOrWhiteSpace(m) ? "a member account needs --member"
                : null;
            if (error is not null)
            {
                await Console.Error.WriteLineAsync("hsguard: " + error);
                return 1;
            }
            store.Write([.. accounts, new Account(n, r, r == AccountRole.Member ? m : null, null, [])]);
            Console.WriteLine($"account {n} added ({r.ToString().ToLowerInvariant()}); give it a password (account password {n}) or a token (account token {n})");
            return 0;
        }));
        return command;
    }

    private static Command Password(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var name = new Argument<string>("NAME") { Description = "The account." };
        var stdin = new Option<bool>("--stdin") { Description = "Read the password from standard input's first line (at least 10 characters)." };
        var command = new Command("password",
            "Set the account's password: a new one is made and printed once, or with --stdin the one read from standard input.") { name, stdin };
        command.SetAction((result, _) => WithAccount(result, config, configureLogging, name, async (store, accounts, found) =>
        {
            string n = found.Name;
            bool read = result.GetValue(stdin);
            string? password = read ? (await Console.In.ReadLineAsync())?.TrimEnd('\r') : null;
            if (read && (password is null || password.Length < 10))
            {
                await Console.Error.WriteLineAsync("hsguard: the password read from standard input must have at least 10 characters");
                return 1;
            }
            bool made = password is null;
            password ??= Secrets.NewPassword();
            store.Write([.. accounts.Select(a => a == found ? a with { PasswordHash = Secrets.HashPassword(password) } : a)]);
            Console.WriteLine(made ? $"new password for {n}: {password}" : $"password of {n} set");
            return 0;
        }));
        return command;
    }

    private static Command Token(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var name = new Argument<string>("NAME") { Description = "The account." };
        var revoke = new Option<bool>("--revoke-all") { Description = "Revoke the account's tokens instead of making one." };
        var command = new Command("token", "Make a new API token for the account (printed once: keep it), or revoke all of its tokens.") { name, revoke };
        command.SetAction((result, _) => WithAccount(result, config, configureLogging, name, (store, accounts, found) =>
        {
            string n = found.Name;
            if (result.GetValue(revoke))
            {
                store.Write([.. accounts.Select(a => a == found ? a with { TokenHashes = [] } : a)]);
                Console.WriteLine($"{found.TokenHashes.Count} tokens of {n} revoked");
                return Task.FromResult(0);
            }
            string token = Secrets.NewToken();
            store.Write([.. accounts.Select(a => a == found ? a with { TokenHashes = [.. a.TokenHashes, Secrets.HashToken(token)] } : a)]);
            Console.WriteLine(token);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Runs <paramref name="act"/> on the account NAME names; exit 1 when there is none.</summary>
    private static Task<int> WithAccount(ParseResult result, Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging,
        Argument<string> name, Func<AccountStore, IReadOnlyList<Account>, Account, Task<int>> act) => ConfigurationErrors.Guard(async () =>
    {
        var (store, accounts) = Open(result.GetValue(config), configureLogging);
        string n = result.GetValue(name)!;
        if (accounts.FirstOrDefault(a => a.Name == n) is not { } found)
        {
            await Console.Error.WriteLineAsync($"hsguard: no account {n}");
            return 1;
        }
        return await act(store, accounts, found);
    });

    /// <summary>The accounts file the collector would use, and its accounts (none when it does not exist yet).</summary>
    private static (AccountStore Store, IReadOnlyList<Account> Accounts) Open(FileInfo? configFile, Action<IHostApplicationBuilder> configureLogging)
    {
        var configuration = CollectorCommands.CreateBuilder(configFile, configureLogging).Configuration;
        var web = configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        var collector = configuration.GetSection(CollectorOptions.Section).Get<CollectorOptions>() ?? new CollectorOptions();
        var store = new AccountStore(Options.Create(web), Options.Create(collector), TimeProvider.System, NullLogger<AccountStore>.Instance);
        return (store, File.Exists(store.Path) ? AccountStore.Parse(File.ReadAllText(store.Path), store.Path) : []);
    }
}
