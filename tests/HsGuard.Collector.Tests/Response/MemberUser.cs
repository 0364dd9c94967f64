using System.Globalization;
using HsGuard.Collector.Tests.Evaluation;

namespace HsGuard.Collector.Tests.Response;

/// <summary>A member-like user (no home, uid of the caller's choice) made with useradd when
/// missing and removed with userdel by whoever made it.</summary>
internal static class MemberUser
{
    /// <summary>True when the user was made now (and is the caller's to remove).</summary>
    public static async Task<bool> EnsureAsync(string name, uint uid)
    {
        var (exit, output, _) = await SystemCommand.TryRunAsync("id", ["-u", name], CancellationToken.None);
        if (exit == 0)
        {
            Assert.Equal(uid.ToString(CultureInfo.InvariantCulture), output.Trim());
            return false;
        }
        await WhileLockedAsync("useradd", ["-M", "-s", "/bin/sh", "-u", uid.ToString(CultureInfo.InvariantCulture), name]);
        return true;
    }

    public static Task RemoveAsync(string name) => WhileLockedAsync("userdel", [name]);

    /// <summary>Other tests add and remove users at the same time: useradd and userdel fail while
    /// another holds the lock of /etc/passwd, and succeed a moment later.</summary>
    private static async Task WhileLockedAsync(string program, string[] args)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (exit, _, error) = await SystemCommand.TryRunAsync(program, args, CancellationToken.None);
            if (exit == 0)
            {
                return;
            }
            if (attempt == 20 || !error.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({exit}): {error.Trim()}");
            }
            await Task.Delay(250);
        }
    }
}
