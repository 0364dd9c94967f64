using Dapper;

namespace HsGuard.Collector.Store;

/// <summary>The member directory's tables (members, member_users): read by the directory, written
/// by hostmasters' tools. Emails are a JSON array of addresses.</summary>
internal sealed partial class IncidentStore
{
    public List<MemberRow> Members(string? name = null)
    {
        using var connection = _dialect.Open();
        return connection.Query<MemberRow>(
            "SELECT name, display_name, emails, language FROM members" + (name is null ? " ORDER BY name" : " WHERE name = @name"),
            new { name }).ToList();
    }

    /// <summary>Every explicit user entry, or those for <paramref name="user"/> on
    /// <paramref name="host"/> and on every host ('*').</summary>
    public List<MemberUserRow> MemberUsers(string? host = null, string? user = null)
    {
        using var connection = _dialect.Open();
        return connection.Query<MemberUserRow>(
            "SELECT host, user_name, member FROM member_users"
            + (user is null ? " ORDER BY host, user_name" : " WHERE user_name = @user AND (LOWER(host) = LOWER(@host) OR host = '*')"),
            new { host, user }).ToList();
    }

    public void SaveMember(string name, string displayName, string emails, string language)
    {
        using var connection = _dialect.Open();
        connection.Execute("""
            INSERT INTO members (name, display_name, emails, language) VALUES (@name, @displayName, @emails, @language)
            ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name, emails = excluded.emails, language = excluded.language
            """, new { name, displayName, emails, language });
    }

    public void SaveMemberUser(string host, string user, string member)
    {
        using var connection = _dialect.Open();
        connection.Execute("""
            INSERT INTO member_users (host, user_name, member) VALUES (@host, @user, @member)
            ON CONFLICT (host, user_name) DO UPDATE SET member = excluded.member
            """, new { host, user, member });
    }

    /// <summary>The users incidents worth telling about (alert or suspend) were about, with how
    /// many and the latest: the candidates for the list of users without a known member.</summary>
    public List<IncidentUserRow> IncidentUsers()
    {
        using var connection = _dialect.Open();
        return connection.Query<IncidentUserRow>("""
            SELECT host, user_name AS "User", COUNT(*) AS incidents, MAX(id) AS last_incident, MAX(opened_at) AS last_opened
            FROM incidents WHERE verdict <> 'Record' GROUP BY host, user_name ORDER BY host, user_name
            """).ToList();
    }

    internal sealed class MemberRow
    {
        public string Name { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Emails { get; set; } = "[]";
        public string Language { get; set; } = "";
    }

    internal sealed class MemberUserRow
    {
        public string Host { get; set; } = "";
        public string UserName { get; set; } = "";
        public string Member { get; set; } = "";
    }

    internal sealed class IncidentUserRow
    {
        public string Host { get; set; } = "";
        public string User { get; set; } = "";
        public long Incidents { get; set; }
        public long LastIncident { get; set; }
        public long LastOpened { get; set; }
    }
}
