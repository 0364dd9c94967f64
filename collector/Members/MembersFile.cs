using System.Globalization;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Detection.Rules.Yaml;

namespace HsGuard.Collector.Members;

/// <summary>
/// Reads the members file, reporting every mistake with its line and column (read with the rules'
/// own YAML reader, which keeps the place of every node):
/// <code>
/// members:
///   - name: xyz00                      # the member; for Hostsharing, the package
///     display_name: Beispiel eG        # optional, defaults to the name
///     emails: [it@beispiel.example]    # one or more
///     language: de                     # de or en
///     users:                           # optional: users whose names do not say xyz00
///       - { user: shop, host: web7 }   # host optional, "*" (every host) by default
/// </code>
/// </summary>
internal static class MembersFile
{
    private static readonly string[] MemberKeys = ["name", "display_name", "emails", "language", "users"];

    public static MemberList Read(string path, List<RuleError> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleError(path, 0, 0, "cannot be read: " + e.Message));
            return MemberList.Empty;
        }
        var list = new MemberList();
        var roots = SourceTreeReader.Read(new SourceFile(path, text), errors);
        if (roots.Count == 0)
        {
            return list;
        }
        if (roots[0] is not SourceMapping top)
        {
            errors.Add(roots[0].Error($"expected a mapping with the key 'members', found {roots[0].Kind}"));
            return list;
        }
        foreach (var extra in roots.Skip(1))
        {
            errors.Add(extra.Error("only one YAML document is read; put every member under the first 'members:'"));
        }
        foreach (var (key, value) in top.Entries)
        {
            if (key.Value != "members")
            {
                errors.Add(key.Error($"unknown key '{key.Value}' (expected 'members')"));
            }
            else if (value is SourceSequence members)
            {
                foreach (var item in members.Items)
                {
                    ReadMember(item, list, errors);
                }
            }
            else if (!(value is SourceScalar { IsNull: true }))
            {
                errors.Add(value.Error($"'members' must be a list, not {value.Kind}"));
            }
        }
        return list;
    }

    private static void ReadMember(SourceNode node, MemberList list, List<RuleError> errors)
    {
        if (node is not SourceMapping entry)
        {
            errors.Add(node.Error($"a member must be a mapping (name, emails, language, ...), not {node.Kind}"));
            return;
        }
        foreach (var key in entry.Entries.Select(e => e.Key).Where(k => !MemberKeys.Contains(k.Value)))
        {
            errors.Add(key.Error($"unknown key '{key.Value}' (expected {string.Join(", ", MemberKeys)})"));
        }
        int before = errors.Count;
        string? name = Scalar(entry, "name", errors, required: true);
        string? displayName = Scalar(entry, "display_name", errors, required: false);
        string? language = Scalar(entry, "language", errors, required: true);
        var emails = Emails(entry, errors);
        if (name is not null && MemberFields.CheckName(name) is { } badName)
        {
            errors.Add(Value(entry, "name").Error(badName));
        }
        var parsedLanguage = language is null ? null : MemberFields.Language(language);
        if (language is not null && parsedLanguage is null)
        {
            errors.Add(Value(entry, "language").Error(MemberFields.UnknownLanguage(language)));
        }
        if (name is not null && list.MemberWhere.TryGetValue(name, out string? first))
        {
            errors.Add(Value(entry, "name").Error($"member '{name}' is defined twice (first at {first})"));
            return;
        }
        string where = Where(entry);
        if (name is not null)
        {
            list.MemberWhere[name] = where;
            ReadUsers(entry, name, list, errors);
        }
        if (errors.Count == before && name is not null && parsedLanguage is { } lang)
        {
            list.Members[name] = new Member(name, string.IsNullOrWhiteSpace(displayName) ? name : displayName, emails, lang);
        }
    }

    private static List<string> Emails(SourceMapping entry, List<RuleError> errors)
    {
        var emails = new List<string>();
        var node = entry.Entries.Find(e => e.Key.Value == "emails").Value;
        var items = node switch
        {
            null => [],
            SourceSequence s => s.Items,
            SourceScalar { IsNull: true } => [],
            _ => [node],
        };
        foreach (var item in items)
        {
            if (item is not SourceScalar address)
            {
                errors.Add(item.Error($"an e-mail address must be a value, not {item.Kind}"));
            }
            else if (MemberFields.CheckEmail(address.Value) is { } bad)
            {
                errors.Add(address.Error(bad));
            }
            else if (!emails.Contains(address.Value, StringComparer.OrdinalIgnoreCase))
            {
                emails.Add(address.Value);
            }
        }
        if (items.Count == 0)
        {
            errors.Add((node ?? entry).Error("a member needs 'emails': at least one address its notices go to"));
        }
        return emails;
    }

    private static void ReadUsers(SourceMapping entry, string member, MemberList list, List<RuleError> errors)
    {
        var node = entry.Entries.Find(e => e.Key.Value == "users").Value;
        if (node is null or SourceScalar { IsNull: true })
        {
            return;
        }
        if (node is not SourceSequence users)
        {
            errors.Add(node.Error($"'users' must be a list of {{ user: NAME, host: HOST }}, not {node.Kind}"));
            return;
        }
        foreach (var item in users.Items)
        {
            if (item is not SourceMapping user)
            {
                errors.Add(item.Error($"a user entry must be a mapping {{ user: NAME, host: HOST }}, not {item.Kind}"));
                continue;
            }
            foreach (var key in user.Entries.Select(e => e.Key).Where(k => k.Value is not ("user" or "host")))
            {
                errors.Add(key.Error($"unknown key '{key.Value}' (expected user, host)"));
            }
            string? name = Scalar(user, "user", errors, required: true);
            string host = Scalar(user, "host", errors, required: false) ?? MemberUser.AnyHost;
            if (name is null)
            {
                continue;
            }
            if (MemberFields.CheckUser(name) is { } badUser)
            {
                errors.Add(Value(user, "user").Error(badUser));
                continue;
            }
            if (MemberFields.CheckHost(host) is { } badHost)
            {
                errors.Add(Value(user, "host").Error(badHost));
                continue;
            }
            if (list.Users.TryGetValue((host, name), out var earlier))
            {
                errors.Add(Value(user, "user").Error($"user '{name}' on host '{host}' is listed twice (first at {earlier.Where}, for member {earlier.Member})"));
                continue;
            }
            list.Users[(host, name)] = new MemberUser(host, name, member, Where(user));
        }
    }

    private static string? Scalar(SourceMapping entry, string key, List<RuleError> errors, bool required)
    {
        var node = entry.Entries.Find(e => e.Key.Value == key).Value;
        switch (node)
        {
            case SourceScalar { IsNull: false } scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                return scalar.Value.Trim();
            case null or SourceScalar:
                if (required)
                {
                    errors.Add((node ?? entry).Error($"'{key}' is missing"));
                }
                return null;
            default:
                errors.Add(node.Error($"'{key}' must be a value, not {node.Kind}"));
                return null;
        }
    }

    private static SourceNode Value(SourceMapping entry, string key) => entry.Entries.Find(e => e.Key.Value == key).Value ?? entry;

    private static string Where(SourceNode node) => string.Create(CultureInfo.InvariantCulture, $"{node.File.Path}:{node.Line}");
}
