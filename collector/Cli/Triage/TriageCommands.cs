using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace HsGuard.Collector.Cli.Triage;

/// <summary>
/// The hostmasters' command line on the JSON API of a running collector: <c>incidents list | show
/// | resume | kill | close | false-positive | notify</c>, <c>hosts</c>, <c>allow list | revoke</c>.
/// Tables for people, <c>--json</c> (the API's own answer) for scripts. Exit 0 when done, 1 when
/// the collector refused (not found, not possible now, bad input: its reason on standard error),
/// 77 without the right to (no token, a wrong one, a member's), 69 when it cannot be reached.
/// </summary>
internal static class TriageCommands
{
    private const int Refused = 1;
    private const int Unavailable = 69;
    private const int NoPermission = 77;
    public const string DefaultUrl = "http://127.0.0.1:7080";

    public static IEnumerable<Command> Create()
    {
        var api = new ApiOptions();
        var incidents = new Command("incidents", "List incidents, show one, and act on it (through the collector's API).")
        {
            api.Url, api.Token, api.Json,
        };
        incidents.Subcommands.Add(List(api));
        incidents.Subcommands.Add(Show(api));
        incidents.Subcommands.Add(Act(api, "resume", "Resume the incident's suspended process tree (a command to the agent).", command: true));
        incidents.Subcommands.Add(Act(api, "kill", "Kill the incident's process tree (a command to the agent).", command: true));
        incidents.Subcommands.Add(Close(api));
        incidents.Subcommands.Add(FalsePositive(api));
        incidents.Subcommands.Add(Act(api, "notify", "Send the member's latest notice about the incident again.", command: false));
        yield return incidents;

        var hostsApi = new ApiOptions();
        var hosts = new Command("hosts", "List the hosts: connected or not, last seen, users by CPU now.") { hostsApi.Url, hostsApi.Token, hostsApi.Json };
        hosts.SetAction((result, cancel) => RunAsync(hostsApi, result, async client =>
        {
            var answer = await client.GetAsync("/api/hosts", cancel);
            return Print(hostsApi, result, answer, body =>
            {
                var table = new TextTable("HOST", "CONNECTED", "LAST SEEN", "CPUS", "PROCESSES", "OPEN", "BUSIEST USERS (CPU %)");
                foreach (var h in body.EnumerateArray())
                {
                    table.Add(S(h, "name"), h.GetProperty("connected").GetBoolean() ? "yes" : "no", Time(h, "lastSeen"), N(h, "cpus"), N(h, "processes"),
                        N(h, "openIncidents"), string.Join(", ", h.GetProperty("users").EnumerateArray().Take(3)
                            .Select(u => $"{S(u, "user")} {u.GetProperty("cpu").GetDouble().ToString("0", CultureInfo.InvariantCulture)}")));
                }
                table.Write(Console.Out);
            });
        }));
        yield return hosts;

        var allowApi = new ApiOptions();
        var allow = new Command("allow", "The allow entries made from false positives: list them, revoke one.") { allowApi.Url, allowApi.Token, allowApi.Json };
        var allowList = new Command("list", "List the allow entries in force.");
        allowList.SetAction((result, cancel) => RunAsync(allowApi, result, async client =>
            Print(allowApi, result, await client.GetAsync("/api/allow", cancel), body =>
            {
                var table = new TextTable("ID", "HOST", "USER", "EXECUTABLE", "INCIDENT", "BY", "CREATED", "REASON");
                foreach (var e in body.EnumerateArray())
                {
                    table.Add(N(e, "id"), OrAll(e, "host"), S(e, "user"), e.GetProperty("executable").ValueKind == JsonValueKind.Null ? "(user-wide)" : S(e, "executable"),
                        N(e, "incidentId"), S(e, "createdBy"), Time(e, "createdAt"), S(e, "reason"));
                }
                table.Write(Console.Out);
            })));
        var id = new Argument<long>("ID") { Description = "The allow entry's id." };
        var revoke = new Command("revoke", "Revoke an allow entry: what it allowed is flagged again.") { id };
        revoke.SetAction((result, cancel) => RunAsync(allowApi, result, async client =>
            Print(allowApi, result, await client.DeleteAsync($"/api/allow/{result.GetValue(id)}", cancel),
                body => Console.WriteLine($"allow entry {result.GetValue(id)} revoked"))));
        allow.Subcommands.Add(allowList);
        allow.Subcommands.Add(revoke);
        yield return allow;
    }

    private static Command List(ApiOptions api)
    {
        var host = new Option<string?>("--host") { Description = "Only this host's." };
        var member = new Option<string?>("--member") { Description = "Only this member's (xyz00)." };
        var user = new Option<string?>("--user") { Description = "Only this Linux user's." };
        var severity = new Option<string?>("--severity") { Description = "Only this severity and above (WARNING, ERROR, ...)." };
        var status = new Option<string?>("--status") { Description = "open, all (the default), or a status: suspended, resumed, killed, closed, false-positive." };
        var limit = new Option<int>("--limit") { Description = "At most this many a page (1 to 1000).", DefaultValueFactory = _ => 200 };
        var before = new Option<long?>("--before") { Description = "The page of incidents older than this id (a page's next: the last id listed)." };
        var all = new Option<bool>("--all") { Description = "Every page, following the collector's next cursor to the oldest." };
        var command = new Command("list", "List incidents, newest first, a page at a time.") { host, member, user, severity, status, limit, before, all };
        command.SetAction((result, cancel) => RunAsync(api, result, async client =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }
            Add("host", result.GetValue(host));
            Add("member", result.GetValue(member));
            Add("user", result.GetValue(user));
            Add("severity", result.GetValue(severity));
            Add("status", result.GetValue(status));
            Add("limit", result.GetValue(limit).ToString(CultureInfo.InvariantCulture));
            string path = "/api/incidents?" + string.Join("&", query);
            var answer = await client.GetAsync(path + Cursor(result.GetValue(before)), cancel);
            if (!result.GetValue(all))
            {
                return Print(api, result, answer, body =>
                {
                    WriteIncidents(body.GetProperty("incidents").EnumerateArray().ToList(), Next(body));
                });
            }
            // Every page: the incidents gathered, as one answer whose next is null.
            var incidents = new List<JsonElement>();
            while (answer.Ok)
            {
                incidents.AddRange(answer.Body.GetProperty("incidents").EnumerateArray());
                if (Next(answer.Body) is not { } next)
                {
                    break;
                }
                answer = await client.GetAsync(path + Cursor(next), cancel);
            }
            if (!answer.Ok)
            {
                return Print(api, result, answer, _ => { });
            }
            if (result.GetValue(api.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { incidents, next = (long?)null, previous = (long?)null }, CliJson));
                return 0;
            }
            WriteIncidents(incidents, null);
            return 0;
        }));
        return command;
    }

    private static readonly JsonSerializerOptions CliJson = new(JsonSerializerDefaults.Web);

    private static string Cursor(long? before) => before is { } id ? "&before=" + id.ToString(CultureInfo.InvariantCulture) : "";

    private static long? Next(JsonElement page) =>
        page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number ? next.GetInt64() : null;

    /// <summary>The table, then where older incidents are (when there are), then how many.</summary>
    private static void WriteIncidents(List<JsonElement> incidents, long? next)
    {
        var table = new TextTable("ID", "STATUS", "VERDICT", "SEVERITY", "SCORE", "HOST", "USER", "MEMBER", "PID", "PROCESS", "OPENED", "RULES");
        foreach (var i in incidents)
        {
            table.Add(N(i, "id"), S(i, "status"), S(i, "verdict"), S(i, "severity"), N(i, "score"), S(i, "host"), S(i, "user"), OrDash(i, "member"),
                N(i, "offenderPid"), S(i, "offenderComm"), Time(i, "openedAt"), string.Join(",", i.GetProperty("rules").EnumerateArray().Select(r => r.GetString())));
        }
        table.Write(Console.Out);
        if (next is not null)
        {
            Console.WriteLine($"older incidents: --before {next} (or --all)");
        }
        Console.WriteLine($"{incidents.Count} incidents");
    }

    private static Command Show(ApiOptions api)
    {
        var id = new Argument<long>("ID") { Description = "The incident's id." };
        var command = new Command("show", "Show an incident: its signals and why, process tree, actions and notices.") { id };
        command.SetAction((result, cancel) => RunAsync(api, result, async client =>
            Print(api, result, await client.GetAsync($"/api/incidents/{result.GetValue(id)}", cancel), body => IncidentText.Write(body, Console.Out))));
        return command;
    }

    private static Command Close(ApiOptions api)
    {
        var id = new Argument<long>("ID") { Description = "The incident's id." };
        var reason = new Option<string?>("--reason") { Description = "Why, kept with the action." };
        var command = new Command("close", "Close the incident (dealt with); its processes are left as they are.") { id, reason };
        command.SetAction((result, cancel) => RunAsync(api, result, async client =>
            Print(api, result, await client.PostAsync($"/api/incidents/{result.GetValue(id)}/close", new { reason = result.GetValue(reason) }, cancel),
                body => Console.WriteLine($"incident {result.GetValue(id)} closed"))));
        return command;
    }

    private static Command FalsePositive(ApiOptions api)
    {
        var id = new Argument<long>("ID") { Description = "The incident's id." };
        var reason = new Option<string?>("--reason") { Description = "Why it is harmless, kept with the allow entry." };
        var anyHost = new Option<bool>("--any-host") { Description = "Allow it on every host, not only the incident's." };
        var command = new Command("false-positive",
            "Judge the incident a false positive: an allow entry for its user running its program, so that it is not flagged again (a suspended tree is resumed).")
        {
            id, reason, anyHost,
        };
        command.SetAction((result, cancel) => RunAsync(api, result, async client =>
            Print(api, result, await client.PostAsync($"/api/incidents/{result.GetValue(id)}/false-positive",
                new { reason = result.GetValue(reason), anyHost = result.GetValue(anyHost) }, cancel),
                body => Console.WriteLine($"incident {result.GetValue(id)} is a false positive: {S(body.GetProperty("action"), "detail")}"))));
        return command;
    }

    private static Command Act(ApiOptions api, string act, string description, bool command)
    {
        var id = new Argument<long>("ID") { Description = "The incident's id." };
        var cmd = new Command(act, description) { id };
        cmd.SetAction((result, cancel) => RunAsync(api, result, async client =>
            Print(api, result, await client.PostAsync($"/api/incidents/{result.GetValue(id)}/{act}", null, cancel), body =>
            {
                var action = body.GetProperty("action");
                Console.WriteLine(command
                    ? $"{act} of incident {result.GetValue(id)} ordered (command {OrDash(action, "status")}; see: hsguard-collector incidents show {result.GetValue(id)})"
                    : $"incident {result.GetValue(id)}: {S(action, "detail")}");
            })));
        return cmd;
    }

    private static async Task<int> RunAsync(ApiOptions api, ParseResult result, Func<TriageClient, Task<int>> run)
    {
        string? token = result.GetValue(api.Token) ?? Environment.GetEnvironmentVariable("HSGUARD_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            await Console.Error.WriteLineAsync("hsguard: no API token: pass --token or set HSGUARD_TOKEN (make one with: hsguard-collector account token NAME)");
            return NoPermission;
        }
        if (!Uri.TryCreate(result.GetValue(api.Url), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"hsguard: --url '{result.GetValue(api.Url)}' is not an http or https URL");
            return Refused;
        }
        using var client = new TriageClient(url, token.Trim());
        try
        {
            return await run(client);
        }
        catch (TriageUnreachableException e)
        {
            await Console.Error.WriteLineAsync("hsguard: " + e.Message);
            return Unavailable;
        }
    }

    /// <summary>Writes the answer (the API's JSON with --json, else as <paramref name="write"/>
    /// says), or the refusal on standard error; returns the exit status.</summary>
    private static int Print(ApiOptions api, ParseResult result, ApiAnswer answer, Action<JsonElement> write)
    {
        if (!answer.Ok)
        {
            Console.Error.WriteLine("hsguard: " + answer.Problem);
            return answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? NoPermission : Refused;
        }
        if (result.GetValue(api.Json))
        {
            Console.WriteLine(answer.Text);
        }
        else
        {
            write(answer.Body);
        }
        return 0;
    }

    internal static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    internal static string N(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "-";

    internal static string OrDash(JsonElement e, string name) => S(e, name) is { Length: > 0 } s ? s : "-";

    private static string OrAll(JsonElement e, string name) => S(e, name) is { Length: > 0 } s ? s : "(every host)";

    internal static string Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t)
            ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "-";

    /// <summary>--url, --token and --json, given to a command and its subcommands.</summary>
    private sealed class ApiOptions
    {
        public Option<string> Url { get; } = new("--url")
        {
            Description = $"The collector's web endpoint. Defaults to {DefaultUrl}.", DefaultValueFactory = _ => DefaultUrl, Recursive = true,
        };

        public Option<string?> Token { get; } = new("--token")
        {
            Description = "An API token of a hostmaster account (hsguard-collector account token NAME). Defaults to $HSGUARD_TOKEN.", Recursive = true,
        };

        public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON answer, for scripts.", Recursive = true };
    }
}
