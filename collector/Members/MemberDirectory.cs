using System.Text.Json;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Store;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Members;

/// <summary>
/// Which member owns a user on a host. In order, the first that answers:
/// <list type="number">
/// <item>an explicit entry in the database (member_users: this host, then '*');</item>
/// <item>an explicit entry in the members file (this host, then '*');</item>
/// <item>Hostsharing's naming (xyz00-web belongs to package xyz00), when enabled.</item>
/// </list>
/// The member's contacts come from the database's members table, else the file, else (for a
/// package) the address template. The database wins because it is what hostmasters change while
/// HsGuard runs (the web UI, their tools); the file is the deployed baseline. A user none of these
/// answers for is an unknown member: only the hostmasters are told, and told so.
/// The file is read again when it changes (checked at each lookup: lookups are rare, a few per
/// incident); a changed file with errors leaves the last good one in force, with the errors logged.
/// </summary>
internal sealed class MemberDirectory
{
    private readonly MembersOptions _options;
    private readonly IncidentStore? _store;
    private readonly ILogger<MemberDirectory> _log;
    private readonly Lock _lock = new();
    private readonly string? _path;
    private MemberList _file = MemberList.Empty;
    private (DateTime Modified, long Length)? _stamp;

    /// <param name="store">The database's entries; none to use the file and the naming rule only.</param>
    public MemberDirectory(IOptions<MembersOptions> options, IncidentStore? store, ILogger<MemberDirectory> log)
    {
        _options = options.Value;
        _store = store;
        _log = log;
        _path = _options.EffectiveFile();
    }

    /// <summary>The members file in use, if any.</summary>
    public string? FilePath => _path;

    /// <summary>Reads the file and checks every database entry (at start).</summary>
    /// <exception cref="InvalidDataException">Every error, one a line, with file and line.</exception>
    public void Load()
    {
        var errors = new List<RuleError>();
        var file = ReadFile(errors);
        if (_store is not null)
        {
            CheckDatabase(file, errors);
        }
        if (errors.Count > 0)
        {
            throw new InvalidDataException(Notifications.NotificationsOptionsValidator.Describe("the member directory's entries", errors));
        }
        lock (_lock)
        {
            _file = file;
            _stamp = Stamp();
        }
        MembersLog.Loaded(_log, _path ?? "(none)", file.Members.Count, file.Users.Count);
    }

    /// <summary>Every error of a members file (for validation without a database).</summary>
    public static IReadOnlyList<RuleError> Check(string path)
    {
        var errors = new List<RuleError>();
        MembersFile.Read(path, errors);
        return errors;
    }

    /// <summary>Whether a member of this name is in the database or the members file.</summary>
    public bool IsMember(string name) =>
        (_store is not null && _store.Members(name).Count > 0) || CurrentFile().Members.ContainsKey(name);

    public MemberLookup Resolve(string host, string user)
    {
        var file = CurrentFile();
        MemberUser? entry = null;
        if (_store is not null && _store.MemberUsers(host, user) is { Count: > 0 } rows)
        {
            var row = rows.Find(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase)) ?? rows[0];
            entry = new MemberUser(row.Host, row.UserName, row.Member, "database");
        }
        entry ??= file.Find(host, user);
        string? package = _options.HostsharingNames ? HostsharingNames.Package(user) : null;
        if (entry is not null)
        {
            return Contacts(entry.Member, file, package, $"{entry.Where} (user {entry.User} on {entry.Host})", viaPackage: false) with { Owner = entry.Member };
        }
        if (package is not null)
        {
            return Contacts(package, file, package, "Hostsharing name " + package, viaPackage: true);
        }
        return new MemberLookup(null, null, _options.HostsharingNames
            ? $"no entry for {user} on {host}, and the name is not a package's (xyz00, xyz00-...)"
            : $"no entry for {user} on {host}");
    }

    /// <summary>The users <paramref name="member"/> owns, for a query (see <see cref="MemberScope"/>).</summary>
    public MemberScope Scope(string member)
    {
        var file = CurrentFile();
        var hostEntries = file.Users.Values.Where(u => u.Host != MemberUser.AnyHost).ToList();
        var starEntries = file.Users.Values.Where(u => u.Host == MemberUser.AnyHost).ToList();
        return new MemberScope(member,
            hostEntries.Where(u => u.Member == member).Select(u => MemberScope.Key(u.Host, u.User)).ToList(),
            hostEntries.Select(u => MemberScope.Key(u.Host, u.User)).ToList(),
            starEntries.Where(u => u.Member == member).Select(u => u.User).ToList(),
            starEntries.Select(u => u.User).ToList(),
            _options.HostsharingNames && HostsharingNames.Package(member) == member);
    }

    private MemberLookup Contacts(string name, MemberList file, string? package, string how, bool viaPackage)
    {
        if (_store is not null && _store.Members(name) is [var row, ..])
        {
            var (member, error) = FromRow(row);
            if (member is not null)
            {
                return new MemberLookup(member, package, how + ", contacts from the database");
            }
            MembersLog.BadDatabaseEntry(_log, name, error!);
            return new MemberLookup(null, package, $"{how}, but the database's entry for member {name} is invalid: {error}");
        }
        if (file.Members.TryGetValue(name, out var known))
        {
            return new MemberLookup(known, package, $"{how}, contacts from {file.MemberWhere[name]}");
        }
        if (viaPackage && _options.AddressOf(name) is { } address)
        {
            return new MemberLookup(new Member(name, name, [address], _options.DefaultLanguage), package, how + ", address template");
        }
        return new MemberLookup(null, package, $"{how}, but member {name} has no contacts (members file, database"
            + (viaPackage ? ", Collector:Members:AddressTemplate)" : ")"));
    }

    private MemberList CurrentFile()
    {
        lock (_lock)
        {
            var stamp = Stamp();
            if (stamp == _stamp)
            {
                return _file;
            }
            _stamp = stamp;
            var errors = new List<RuleError>();
            var file = ReadFile(errors);
            if (errors.Count > 0)
            {
                MembersLog.ReloadFailed(_log, _path!, errors.Count);
                foreach (var e in errors)
                {
                    MembersLog.FileError(_log, e.ToString());
                }
                return _file;
            }
            _file = file;
            MembersLog.Loaded(_log, _path ?? "(none)", file.Members.Count, file.Users.Count);
            return _file;
        }
    }

    private MemberList ReadFile(List<RuleError> errors)
    {
        if (_path is null)
        {
            return MemberList.Empty;
        }
        if (!File.Exists(_path))
        {
            errors.Add(new RuleError(_path, 0, 0, $"the members file does not exist ({MembersOptions.Section}:File)"));
            return MemberList.Empty;
        }
        return MembersFile.Read(_path, errors);
    }

    private (DateTime, long)? Stamp()
    {
        if (_path is null)
        {
            return null;
        }
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private void CheckDatabase(MemberList file, List<RuleError> errors)
    {
        var names = new HashSet<string>(file.Members.Keys, StringComparer.Ordinal);
        foreach (var row in _store!.Members())
        {
            names.Add(row.Name);
            if (FromRow(row).Error is { } error)
            {
                errors.Add(new RuleError($"database table members, row '{row.Name}'", 0, 0, error));
            }
        }
        foreach (var row in _store.MemberUsers())
        {
            string where = $"database table member_users, row ({row.Host}, {row.UserName})";
            if ((MemberFields.CheckHost(row.Host) ?? MemberFields.CheckUser(row.UserName)) is { } bad)
            {
                errors.Add(new RuleError(where, 0, 0, bad));
            }
            else if (!names.Contains(row.Member))
            {
                errors.Add(new RuleError(where, 0, 0, $"member '{row.Member}' is neither in the table members nor in the members file"));
            }
        }
    }

    private static (Member? Member, string? Error) FromRow(IncidentStore.MemberRow row)
    {
        string[]? emails;
        try
        {
            emails = JsonSerializer.Deserialize<string[]>(row.Emails);
        }
        catch (JsonException)
        {
            emails = null;
        }
        var error = MemberFields.CheckName(row.Name)
            ?? (emails is null or [] ? $"emails '{row.Emails}' is not a JSON array of at least one address" : null)
            ?? emails!.Select(MemberFields.CheckEmail).FirstOrDefault(e => e is not null)
            ?? (MemberFields.Language(row.Language) is null ? MemberFields.UnknownLanguage(row.Language) : null);
        return error is null
            ? (new Member(row.Name, string.IsNullOrWhiteSpace(row.DisplayName) ? row.Name : row.DisplayName, emails!, MemberFields.Language(row.Language)!.Value), null)
            : (null, error);
    }
}
