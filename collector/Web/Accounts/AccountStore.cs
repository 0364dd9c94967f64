using HsGuard.Collector.Hosting;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HsGuard.Collector.Web.Accounts;

/// <summary>
/// The accounts file, a hoster's to manage (by hand or with <c>hsguard-collector account</c>):
/// <code>
/// accounts:
///   - name: alice
///     role: hostmaster            # or member, with member: xyz00
///     password: pbkdf2-sha256$…   # hsguard-collector account password alice
///     tokens: [sha256$…]          # hsguard-collector account token alice
/// </code>
/// Read again when it changes (looked at once a second at most); a broken file keeps the accounts
/// read before and is reported, and at a start it stops the collector with every error listed.
/// </summary>
public sealed class AccountStore
{
    private readonly TimeProvider _time;
    private readonly ILogger<AccountStore> _log;
    private readonly Lock _lock = new();
    private IReadOnlyList<Account> _accounts = [];
    private (DateTime Modified, long Length) _stamp;
    private long _checkedAt = long.MinValue / 2;

    public AccountStore(IOptions<WebOptions> options, IOptions<CollectorOptions> collector, TimeProvider time, ILogger<AccountStore> log)
    {
        _time = time;
        _log = log;
        Path = options.Value.AccountsFile
            ?? (File.Exists("/etc/hsguard/accounts.yaml") ? "/etc/hsguard/accounts.yaml" : System.IO.Path.Combine(collector.Value.StateDirectory, "accounts.yaml"));
    }

    public string Path { get; }

    /// <summary>The accounts now (the file read again if it changed).</summary>
    public IReadOnlyList<Account> Accounts
    {
        get
        {
            Refresh();
            return Volatile.Read(ref _accounts);
        }
    }

    /// <summary>Reads the file (creating it with a first hostmaster when there is none); throws
    /// <see cref="InvalidDataException"/> with every error when it is broken.</summary>
    public void Load()
    {
        if (!File.Exists(Path))
        {
            string password = Secrets.NewPassword();
            Write([new Account("admin", AccountRole.Hostmaster, null, Secrets.HashPassword(password), [])]);
            AccountLog.Created(_log, Path, password);
        }
        lock (_lock)
        {
            var info = new FileInfo(Path);
            _accounts = Parse(File.ReadAllText(Path), Path);
            _stamp = (info.LastWriteTimeUtc, info.Length);
        }
    }

    public Account? Find(string name) => Accounts.FirstOrDefault(a => a.Name == name);

    public Account? CheckPassword(string name, string password) =>
        Find(name) is { } account && Secrets.VerifyPassword(password, account.PasswordHash) ? account : null;

    public Account? CheckToken(string token)
    {
        string hash = Secrets.HashToken(token);
        return Accounts.FirstOrDefault(a => a.TokenHashes.Contains(hash, StringComparer.Ordinal));
    }

    /// <summary>Replaces the file with <paramref name="accounts"/> (atomically, mode 0600).</summary>
    public void Write(IReadOnlyList<Account> accounts)
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var text = new System.Text.StringBuilder("# HsGuard's web UI and API accounts. Manage with: hsguard-collector account --help\naccounts:\n");
        foreach (var a in accounts)
        {
            text.Append("  - name: ").Append(Quote(a.Name)).Append('\n');
            text.Append("    role: ").Append(a.Role.ToString().ToLowerInvariant()).Append('\n');
            if (a.Member is not null)
            {
                text.Append("    member: ").Append(Quote(a.Member)).Append('\n');
            }
            if (a.PasswordHash is not null)
            {
                text.Append("    password: ").Append(Quote(a.PasswordHash)).Append('\n');
            }
            text.Append("    tokens: [").Append(string.Join(", ", a.TokenHashes.Select(Quote))).Append("]\n");
        }
        string temporary = Path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, Path, overwrite: true);
        lock (_lock)
        {
            _accounts = accounts;
            var info = new FileInfo(Path);
            _stamp = (info.LastWriteTimeUtc, info.Length);
        }
    }

    /// <exception cref="InvalidDataException">Every error of the file, one a line, with its line number.</exception>
    public static IReadOnlyList<Account> Parse(string text, string path)
    {
        var errors = new List<string>();
        var accounts = new List<Account>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}: {e.Message}", e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("accounts"), out var list) || list is not YamlSequenceNode items)
        {
            throw new InvalidDataException($"{path}:1: the file must hold 'accounts:', a list of accounts");
        }
        foreach (var node in items)
        {
            string at = $"{path}:{node.Start.Line}";
            if (node is not YamlMappingNode item)
            {
                errors.Add($"{at}: an account must be a mapping (name, role, ...)");
                continue;
            }
            string? Value(string key) => item.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
            foreach (var key in item.Children.Keys.OfType<YamlScalarNode>())
            {
                if (key.Value is not ("name" or "role" or "member" or "password" or "tokens"))
                {
                    errors.Add($"{path}:{key.Start.Line}: unknown key '{key.Value}' (name, role, member, password, tokens)");
                }
            }
            string? name = Value("name");
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add($"{at}: 'name' is missing or holds spaces");
                continue;
            }
            if (!Enum.TryParse<AccountRole>(Value("role"), ignoreCase: true, out var role))
            {
                errors.Add($"{at}: account {name}: 'role' must be hostmaster, member or monitor");
                continue;
            }
            string? member = Value("member");
            if (role == AccountRole.Member && string.IsNullOrWhiteSpace(member))
            {
                errors.Add($"{at}: account {name}: a member account names its 'member'");
            }
            string? password = Value("password");
            if (password is not null && !Secrets.IsPasswordHash(password))
            {
                errors.Add($"{at}: account {name}: 'password' is not a hash (set it with: hsguard-collector account password {name})");
            }
            var tokens = item.Children.TryGetValue(new YamlScalarNode("tokens"), out var t) && t is YamlSequenceNode seq
                ? seq.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
                : [];
            if (tokens.Any(token => !token.StartsWith("sha256$", StringComparison.Ordinal)))
            {
                errors.Add($"{at}: account {name}: 'tokens' holds a token that is not hashed (make one with: hsguard-collector account token {name})");
            }
            if (accounts.Any(a => a.Name == name))
            {
                errors.Add($"{at}: account {name} is there twice");
            }
            accounts.Add(new Account(name, role, member, password, tokens));
        }
        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join("\n", errors));
        }
        return accounts;
    }

    private void Refresh()
    {
        long now = _time.GetTimestamp();
        if (now - Volatile.Read(ref _checkedAt) < _time.TimestampFrequency)
        {
            return;
        }
        Volatile.Write(ref _checkedAt, now);
        var info = new FileInfo(Path);
        if (!info.Exists || (info.LastWriteTimeUtc, info.Length) == _stamp)
        {
            return;
        }
        try
        {
            var accounts = Parse(File.ReadAllText(Path), Path);
            lock (_lock)
            {
                _accounts = accounts;
                _stamp = (info.LastWriteTimeUtc, info.Length);
            }
            AccountLog.Reloaded(_log, Path, accounts.Count);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            AccountLog.Broken(_log, Path, e.Message);
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
