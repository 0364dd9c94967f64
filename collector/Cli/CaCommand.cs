using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using HsGuard.Collector.Security;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Cli;

/// <summary><c>ca</c>: the collector's certificate authority. <c>init</c> creates it (the collector
/// also does on its first start), <c>issue</c> makes an agent's certificate, <c>revoke</c> shuts an
/// agent out, <c>list</c> shows what was issued.</summary>
internal static class CaCommand
{
    /// <summary>A refusal of the authority (it exists, a host is unknown) or of the file system: not a configuration error.</summary>
    private const int Refused = 1;

    public static Command Create(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var ca = new Command("ca", "Manage the certificate authority that agents' certificates come from.");
        ca.Subcommands.Add(Init(config, configureLogging));
        ca.Subcommands.Add(Issue(config, configureLogging));
        ca.Subcommands.Add(Revoke(config, configureLogging));
        ca.Subcommands.Add(List(config, configureLogging));
        return ca;
    }

    private static Command Init(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing authority (it is kept in old-TIME/); every agent then needs a new certificate.",
        };
        var command = new Command("init", "Create the certificate authority and the collector's server certificate.") { force };
        SetAction(command, config, configureLogging, (result, authority, options) =>
        {
            var names = options.EffectiveServerNames();
            string? replaced = authority.Create([.. names], result.GetValue(force));
            Console.WriteLine($"Created the certificate authority in {authority.Directory}");
            Console.WriteLine($"  server certificate for {string.Join(", ", names)}");
            if (replaced is not null)
            {
                Console.WriteLine($"  the previous authority is in {replaced}");
            }
            return 0;
        });
        return command;
    }

    private static Command Issue(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var host = new Argument<string>("HOST") { Description = "The agent's host name, as its Agent:Collector:Host says." };
        host.Validators.Add(HostNameValidator);
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory to write HOST.crt, HOST.key and ca.crt to (created 0700 when missing).",
            Required = true,
        };
        var days = new Option<int?>("--days") { Description = "Days the certificate is valid. Defaults to Collector:Tls:ClientCertificateValidity (397 days)." };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 3650)
            {
                r.AddError("--days must be between 1 and 3650");
            }
        });
        var command = new Command("issue", "Issue a client certificate for an agent's host.") { host, output, days };
        SetAction(command, config, configureLogging, (result, authority, options) =>
        {
            string name = result.GetRequiredValue(host);
            string directory = result.GetRequiredValue(output).FullName;
            var validity = result.GetValue(days) is { } d ? TimeSpan.FromDays(d) : options.ClientCertificateValidity;
            var files = authority.IssueFiles(name, validity, directory);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Issued a certificate for {name}: serial {files.Serial}, valid until {files.NotAfter:yyyy-MM-dd HH:mm:ss}Z"));
            Console.WriteLine($"  {files.CertificateFile}\n  {files.KeyFile}\n  {files.CaFile}");
            Console.WriteLine("Install them on the host as the agent's Agent:Collector:CertificateFile, KeyFile (mode 0600) and CaFile");
            Console.WriteLine("(by default /etc/hsguard/agent.crt, /etc/hsguard/agent.key and /etc/hsguard/ca.crt).");
            return 0;
        });
        return command;
    }

    private static Command Revoke(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var host = new Argument<string?>("HOST") { Description = "Revoke every certificate of this host.", Arity = ArgumentArity.ZeroOrOne };
        host.Validators.Add(HostNameValidator);
        var serial = new Option<string?>("--serial") { Description = "Revoke the one certificate with this serial (as 'ca list' shows it)." };
        var command = new Command("revoke", "Revoke a host's certificates, or one by its serial: the collector refuses them from the next connection on.")
        {
            host, serial,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(host) is null) == (r.GetValue(serial) is null))
            {
                r.AddError("name either a HOST or a --serial to revoke");
            }
        });
        SetAction(command, config, configureLogging, (result, authority, _) =>
        {
            var revoked = result.GetValue(host) is { } name ? authority.RevokeHost(name) : authority.RevokeSerial(result.GetValue(serial)!);
            if (revoked.Count == 0)
            {
                Console.WriteLine("Already revoked; nothing changed.");
            }
            foreach (var c in revoked)
            {
                Console.WriteLine($"Revoked {c.Host} serial {c.Serial}");
            }
            return 0;
        });
        return command;
    }

    private static Command List(Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command("list", "List the certificates issued, with their status (valid, expired, revoked).") { json };
        SetAction(command, config, configureLogging, (result, authority, _) =>
        {
            var issued = authority.List();
            var now = DateTimeOffset.UtcNow;
            if (result.GetValue(json))
            {
                CaListWriter.WriteJson(Console.OpenStandardOutput(), authority.Directory, issued, now);
            }
            else
            {
                CaListWriter.WriteTable(Console.Out, issued, now);
            }
            return 0;
        });
        return command;
    }

    private static void HostNameValidator(ArgumentResult result)
    {
        if (result.GetValueOrDefault<string?>() is { } host && !HostNames.IsValid(host))
        {
            result.AddError(CertificateAuthority.NotAHostName(host));
        }
    }

    /// <summary>Runs <paramref name="action"/> with the authority the configuration names: a wrong
    /// configuration is the usual one-line error, a refusal of the authority is its message.</summary>
    private static void SetAction(Command command, Option<FileInfo?> config, Action<IHostApplicationBuilder> configureLogging,
        Func<ParseResult, CertificateAuthority, TlsOptions, int> action)
    {
        command.SetAction((result, _) => ConfigurationErrors.Guard(() =>
        {
            var builder = CollectorCommands.CreateBuilder(result.GetValue(config), configureLogging);
            // The services alone, as the collector configures them; no web server is built.
            using var services = builder.Services.AddCollectorServices().BuildServiceProvider();
            var options = services.GetRequiredService<IOptions<TlsOptions>>().Value;
            var authority = services.GetRequiredService<CertificateAuthority>();
            try
            {
                return Task.FromResult(action(result, authority, options));
            }
            catch (CertificateAuthorityException e)
            {
                Console.Error.WriteLine("hsguard-collector: " + (e.InnerException is { } inner ? e.Message + " " + inner.Message : e.Message));
                return Task.FromResult(Refused);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A directory that is not this user's (the collector's state as another user, an --out elsewhere).
                Console.Error.WriteLine("hsguard-collector: " + e.Message);
                return Task.FromResult(Refused);
            }
        }));
    }
}
