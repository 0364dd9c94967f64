using System.Net.Http.Json;
using System.Text.Json;
using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Web;

/// <summary>
/// <c>hsguard-collector incidents | hosts | allow</c> as a hostmaster runs them: the built program
/// against the real collector's API, with a token from --token or HSGUARD_TOKEN; tables for people,
/// the API's JSON with --json, and the collector's refusals as exit codes with its reason.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class TriageCommandTests(WebRig rig)
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string token, params string[] args) =>
        HsGuardProgram.RunAsync(HsGuardProgram.Collector, [.. args, "--url", rig.Url.ToString(), "--token", token], cancel: _cancel);

    private async Task<(ProcessSample Miner, long Id)> SuspendedIncidentAsync(string? exe = null)
    {
        var miner = await rig.StartMinerAsync(exe: exe, cancel: _cancel);
        return (miner, (await rig.WaitForIncidentAsync(miner.Pid, "suspended", _cancel)).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task IncidentsList_Table_OneLinePerIncident()
    {
        var (miner, id) = await SuspendedIncidentAsync();

        var (exit, output, error) = await RunAsync(WebRig.HostmasterToken, "incidents", "list", "--user", "xyz00-web", "--status", "open");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        var line = lines.Single(l => l.StartsWith($"{id} ", StringComparison.Ordinal));
        Assert.Contains("suspended", line, StringComparison.Ordinal);
        Assert.Contains($" {miner.Pid} ", line, StringComparison.Ordinal);
        Assert.Contains("xyz00-web", line, StringComparison.Ordinal);
        Assert.Matches(@"^\d+ incidents$", lines[^1]);
    }

    [Fact]
    public async Task IncidentsList_Json_TheApisAnswer()
    {
        var (_, id) = await SuspendedIncidentAsync();

        var (exit, output, _) = await HsGuardProgram.RunAsync(HsGuardProgram.Collector,
            ["incidents", "list", "--json", "--url", rig.Url.ToString()], new Dictionary<string, string> { ["HSGUARD_TOKEN"] = WebRig.HostmasterToken }, _cancel);

        Assert.Equal(0, exit);
        var list = JsonDocument.Parse(output).RootElement.GetProperty("incidents");
        Assert.Contains(list.EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task IncidentsShow_Miner_SignalsProcessesActions()
    {
        var (miner, id) = await SuspendedIncidentAsync();

        var (exit, output, error) = await RunAsync(WebRig.HostmasterToken, "incidents", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exit == 0, error);
        Assert.Contains($"incident {id}: suspended, verdict suspend", output, StringComparison.Ordinal);
        Assert.Contains("signals:", output, StringComparison.Ordinal);
        Assert.Contains($"*{miner.Pid}", output, StringComparison.Ordinal);
        Assert.Contains("/tmp/.x/kthreaddi", output, StringComparison.Ordinal);
        Assert.Contains("suspend by policy: automatic suspension", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentsActs_Hostmaster_DoneAndRecorded()
    {
        var (resumed, resumeId) = await SuspendedIncidentAsync();
        var (killed, killId) = await SuspendedIncidentAsync();
        var (_, closeId) = await SuspendedIncidentAsync();
        var (fp, fpId) = await SuspendedIncidentAsync(exe: "/tmp/.cli-fp/kthreaddi");
        string Id(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var resume = await RunAsync(WebRig.HostmasterToken, "incidents", "resume", Id(resumeId));
        var kill = await RunAsync(WebRig.HostmasterToken, "incidents", "kill", Id(killId));
        var close = await RunAsync(WebRig.HostmasterToken, "incidents", "close", Id(closeId), "--reason", "cleaned up");
        var falsePositive = await RunAsync(WebRig.HostmasterToken, "incidents", "false-positive", Id(fpId), "--reason", "encoder");

        Assert.True(resume.ExitCode == 0, resume.Error);
        Assert.Contains($"resume of incident {resumeId} ordered", resume.Output, StringComparison.Ordinal);
        Assert.True(kill.ExitCode == 0, kill.Error);
        Assert.True(close.ExitCode == 0, close.Error);
        Assert.Equal($"incident {closeId} closed", close.Output.Trim());
        Assert.True(falsePositive.ExitCode == 0, falsePositive.Error);
        Assert.Contains("running /tmp/.cli-fp/kthreaddi on web1; encoder", falsePositive.Output, StringComparison.Ordinal);
        await rig.WaitForIncidentAsync(resumed.Pid, "resumed", _cancel);
        await rig.WaitForIncidentAsync(killed.Pid, "killed", _cancel);
        await rig.WaitForIncidentAsync(fp.Pid, "false-positive", _cancel);
        Assert.Contains(rig.Agent.Commands, c => c.Kind == CommandKind.Kill && c.Target.Pid == killed.Pid && c.IssuedBy == WebRig.HostmasterName);

        var allow = await RunAsync(WebRig.HostmasterToken, "allow", "list");
        Assert.Contains("/tmp/.cli-fp/kthreaddi", allow.Output, StringComparison.Ordinal);
        long entry = (await ClientAsync()).EnumerateArray().Single(e => e.GetProperty("incidentId").GetInt64() == fpId).GetProperty("id").GetInt64();
        var revoke = await RunAsync(WebRig.HostmasterToken, "allow", "revoke", Id(entry));
        Assert.Equal($"allow entry {entry} revoked", revoke.Output.Trim());
        Assert.DoesNotContain((await ClientAsync()).EnumerateArray(), e => e.GetProperty("id").GetInt64() == entry);
    }

    [Fact]
    public async Task Incidents_Refusals_ExitCodesWithTheCollectorsReason()
    {
        var (_, id) = await SuspendedIncidentAsync();
        string n = id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var unknown = await RunAsync(WebRig.HostmasterToken, "incidents", "show", "999999");
        var member = await RunAsync(WebRig.MemberToken, "incidents", "close", n);
        var wrongToken = await RunAsync("hsg_wrong", "incidents", "list");
        var closedTwice = await RunAsync(WebRig.HostmasterToken, "incidents", "close", n);
        var again = await RunAsync(WebRig.HostmasterToken, "incidents", "close", n);
        var noToken = await HsGuardProgram.RunAsync(HsGuardProgram.Collector, ["incidents", "list", "--url", rig.Url.ToString()],
            new Dictionary<string, string> { ["HSGUARD_TOKEN"] = "" }, _cancel);
        var nobody = await HsGuardProgram.RunAsync(HsGuardProgram.Collector,
            ["hosts", "--url", $"http://127.0.0.1:{LoopbackPorts.Free()}", "--token", WebRig.HostmasterToken], cancel: _cancel);

        Assert.Equal((1, "hsguard: 404 Not found: no incident 999999"), (unknown.ExitCode, unknown.Error.Trim()));
        Assert.Equal(77, member.ExitCode);
        Assert.Contains("403 Forbidden", member.Error, StringComparison.Ordinal);
        Assert.Equal(77, wrongToken.ExitCode);
        Assert.Equal(0, closedTwice.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already closed", again.Error, StringComparison.Ordinal);
        Assert.Equal(77, noToken.ExitCode);
        Assert.Contains("no API token", noToken.Error, StringComparison.Ordinal);
        Assert.Equal(69, nobody.ExitCode);
        Assert.Contains("does not answer", nobody.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_Table_ConnectedHostWithBusiestUsers()
    {
        await SuspendedIncidentAsync();

        var (exit, output, error) = await RunAsync(WebRig.HostmasterToken, "hosts");

        Assert.True(exit == 0, error);
        var line = output.Split('\n').Single(l => l.StartsWith("web1 ", StringComparison.Ordinal));
        Assert.Contains(" yes ", line, StringComparison.Ordinal);
        Assert.Contains("xyz00-web", line, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ClientAsync()
    {
        using var client = rig.Client(WebRig.HostmasterToken);
        return await client.GetFromJsonAsync<JsonElement>("/api/allow", _cancel);
    }
}
