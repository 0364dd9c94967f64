using System.Text.Json;
using HsGuard.Collector.Web.Accounts;
using HsGuard.Testing;

namespace HsGuard.Collector.Tests.Web;

/// <summary><c>hsguard-collector account</c>: accounts made on the command line are the ones the
/// collector reads (hashed password, token shown once).</summary>
public sealed class AccountCommandTests : IDisposable
{
    private readonly CancellationToken _cancel = TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new("hsguard-account-");

    public void Dispose() => _dir.Dispose();

    private string Config()
    {
        string path = _dir.Combine("collector.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { Collector = new { StateDirectory = _dir.Combine("state"), Web = new { AccountsFile = _dir.Combine("accounts.yaml") } } }));
        return path;
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        HsGuardProgram.RunAsync(HsGuardProgram.Collector, [.. args, "--config", Config()], cancel: _cancel);

    [Fact]
    public async Task Account_AddPasswordToken_FileHoldsHashesTheCollectorAccepts()
    {
        var add = await RunAsync("account", "add", "bob", "--role", "hostmaster");
        var member = await RunAsync("account", "add", "xyz", "--role", "member", "--member", "xyz00");
        var password = await RunAsync("account", "password", "bob");
        var token = await RunAsync("account", "token", "bob");
        var list = await RunAsync("account", "list");

        Assert.True(add.ExitCode == 0, add.Error);
        Assert.True(member.ExitCode == 0, member.Error);
        string madePassword = password.Output.Trim()["new password for bob: ".Length..];
        string madeToken = token.Output.Trim();
        Assert.StartsWith("hsg_", madeToken, StringComparison.Ordinal);
        string file = await File.ReadAllTextAsync(_dir.Combine("accounts.yaml"), _cancel);
        Assert.DoesNotContain(madePassword, file, StringComparison.Ordinal);
        Assert.DoesNotContain(madeToken, file, StringComparison.Ordinal);
        var accounts = AccountStore.Parse(file, "accounts.yaml");
        var bob = accounts.Single(a => a.Name == "bob");
        Assert.True(Secrets.VerifyPassword(madePassword, bob.PasswordHash));
        Assert.Equal([Secrets.HashToken(madeToken)], bob.TokenHashes);
        Assert.Equal((AccountRole.Member, "xyz00"), (accounts.Single(a => a.Name == "xyz").Role, accounts.Single(a => a.Name == "xyz").Member));
        Assert.Contains("bob   hostmaster  -       yes       1", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_MemberWithoutMember_RefusedFileUntouched()
    {
        var (exit, _, error) = await RunAsync("account", "add", "xyz", "--role", "member");

        Assert.Equal(1, exit);
        Assert.Contains("a member account needs --member", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("accounts.yaml")));
    }
}
