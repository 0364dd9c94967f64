using System.Globalization;

namespace HsGuard.Collector.Tests.Evaluation;

/// <summary>
/// Member-like users for the run (hev01, hev02 ... with uids from 2960 on, no home), one per
/// scenario, so that each scenario's incidents are told apart by their user. Made with useradd
/// when missing, removed with userdel at the end (after their processes), whatever happened.
/// </summary>
internal sealed class EvaluationUsers : IAsyncDisposable
{
    public const uint FirstUid = 2960;
    public const int MaxUsers = 40;

    private readonly List<EvaluationUser> _users = [];

    private EvaluationUsers()
    {
    }

    public IReadOnlyList<EvaluationUser> All => _users;

    public static async Task<EvaluationUsers> CreateAsync(int count, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxUsers);
        var users = new EvaluationUsers();
        try
        {
            for (int i = 0; i < count; i++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"hev{i + 1:00}");
                uint uid = FirstUid + (uint)i;
                users._users.Add(new EvaluationUser(name, await UidOfAsync(name, cancel) ?? await AddAsync(name, uid, cancel)));
            }
        }
        catch
        {
            await users.DisposeAsync();
            throw;
        }
        return users;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in _users)
        {
            await UserProcesses.KillAllAsync(user.Uid, CancellationToken.None);
            await RetryWhileLockedAsync("userdel", [user.Name], CancellationToken.None);
        }
        _users.Clear();
    }

    private static async Task<uint?> UidOfAsync(string name, CancellationToken cancel)
    {
        var (exit, output, _) = await SystemCommand.TryRunAsync("id", ["-u", name], cancel);
        return exit == 0 ? uint.Parse(output.Trim(), CultureInfo.InvariantCulture) : null;
    }

    private static async Task<uint> AddAsync(string name, uint uid, CancellationToken cancel)
    {
        await RetryWhileLockedAsync("useradd", ["-M", "-s", "/bin/sh", "-u", uid.ToString(CultureInfo.InvariantCulture), name], cancel);
        return uid;
    }

    /// <summary>Other tests add and remove users at the same time: useradd and userdel fail while
    /// another holds the lock of /etc/passwd, and succeed a moment later.</summary>
    internal static async Task RetryWhileLockedAsync(string program, string[] args, CancellationToken cancel)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (exit, _, error) = await SystemCommand.TryRunAsync(program, args, cancel);
            if (exit == 0)
            {
                return;
            }
            if (attempt == 20 || !error.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({exit}): {error.Trim()}");
            }
            await Task.Delay(250, cancel);
        }
    }
}
