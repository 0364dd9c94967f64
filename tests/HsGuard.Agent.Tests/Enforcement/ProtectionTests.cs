using HsGuard.Protocol.V1;
using HsGuard.Testing;

namespace HsGuard.Agent.Tests.Enforcement;

/// <summary>Protected targets are refused, with a reason a hostmaster reads, and left untouched.</summary>
[Collection(EnforcementCollection.Name)]
public sealed class ProtectionTests(EnforcementFixture fixture)
{
    [Theory]
    [InlineData(CommandKind.Suspend)]
    [InlineData(CommandKind.Kill)]
    public async Task Execute_Pid1_Refused(CommandKind kind)
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);

        var result = await h.ExecuteAsync(h.Command(kind, 1));

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Matches(@"^pid 1 \(.+\) is the init process$", result.Reason);
        Assert.StartsWith("refused: ", Assert.Single(result.Processes).Outcome, StringComparison.Ordinal);
        Assert.Empty(h.Enforcer.Suspensions);
    }

    [Fact]
    public async Task Suspend_KernelThread_Refused()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, 2));

        Assert.Equal((CommandStatus.Refused, "pid 2 (kthreadd) is a kernel thread"), (result.Status, result.Reason));
    }

    [Fact]
    public async Task Suspend_TheAgentItself_Refused()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, Environment.ProcessId));

        Assert.Equal((CommandStatus.Refused, $"pid {Environment.ProcessId} is the agent itself"), (result.Status, result.Reason));
    }

    [Fact]
    public async Task Suspend_AncestorOfTheAgent_Refused()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto) { };
        int parent = ProcStat.Of(Environment.ProcessId).ParentPid;
        Assert.SkipWhen(parent <= 1, "the test host has no parent but init");

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, parent));

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.EndsWith(") is an ancestor of the agent", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_RootBurner_RefusedUnlessSystemUsersAllowed()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.Track(Burner.Start("-t", "1"));

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, burner.Pid));

        Assert.Equal((CommandStatus.Refused, "root is protected"), (result.Status, result.Reason));
        await ProcStat.AssertRunsAsync(burner.Pid);
    }

    [Fact]
    public async Task Suspend_RootBurnerWithSystemUsersAllowed_Done()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto, o => o.AllowSystemUsers = true);
        var burner = h.Track(Burner.Start("-t", "1"));

        var result = await h.SuspendAsync(burner.Pid);

        Assert.Equal(CommandStatus.Done, result.Status);
    }

    [Fact]
    public async Task Suspend_NobodyBurner_SystemUser()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        var burner = h.Track(Burner.Start("-u", "65534", "-t", "1"));

        var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, burner.Pid));

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.StartsWith("uid 65534 (", result.Reason, StringComparison.Ordinal);
        Assert.EndsWith(") is a system user", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_ProtectedUserAndExe_RefusedByConfiguration()
    {
        await using (var h = new EnforcerHarness(fixture, Methods.Auto, o => o.ProtectedUsers.Add(EnforcementFixture.UserName)))
        {
            var burner = h.StartBurner("-t", "1");
            var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, burner.Pid));
            Assert.Equal((CommandStatus.Refused, $"user {EnforcementFixture.UserName} is protected by configuration"), (result.Status, result.Reason));
        }
        await using (var h = new EnforcerHarness(fixture, Methods.Auto, o => o.ProtectedExes.Add(Burner.Program)))
        {
            var burner = h.StartBurner("-t", "1");
            var result = await h.ExecuteAsync(h.Command(CommandKind.Suspend, burner.Pid));
            Assert.Equal((CommandStatus.Refused, $"executable {Burner.Program} is protected by configuration"), (result.Status, result.Reason));
        }
    }

    [Fact]
    public async Task SuspendTree_SetUidRootDescendant_LeftAloneAndListed()
    {
        await using var h = new EnforcerHarness(fixture, Methods.Auto);
        // A member's shell that runs a set-uid root program: that child is root's, and stays free.
        File.SetUnixFileMode(h.Directory.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        string setUid = Burner.CopyTo(h.Directory.Combine("setuid-burner"));
        File.SetUnixFileMode(setUid, (UnixFileMode)Convert.ToInt32("4755", 8));
        var shell = h.RunAsUser($"{setUid} -t 1 & wait");
        int child = Assert.Single(await SuspendResumeKillTests.WaitForChildrenAsync(shell.Pid, 1));
        try
        {
            var result = await h.SuspendAsync(shell.Pid);

            Assert.Equal(CommandStatus.Done, result.Status);
            Assert.Equal([(shell.Pid, "frozen"), (child, "refused: root is protected")], result.Processes.Select(p => (p.Pid, p.Outcome)));
            await ProcStat.AssertRunsAsync(child);
        }
        finally
        {
            // Root's now (set-uid), so the harness's clean-up of the member's processes misses it:
            // it would burn on, reparented to pid 1, long after the test.
            try
            {
                System.Diagnostics.Process.GetProcessById(child).Kill();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }
}
