using Dapper;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Members;

namespace HsGuard.Collector.Store;

/// <summary>Lists of incidents a page at a time: the filter and the viewer's member are a WHERE
/// clause, the page a keyset on the id, so a list deep in a year of incidents reads one page.</summary>
internal sealed partial class IncidentStore
{
    /// <summary>The page's incidents, newest first, and whether there are older and newer ones
    /// that pass the same filter.</summary>
    public (List<Incident> Incidents, bool Older, bool Newer) LoadPage(IncidentQuery query)
    {
        var parameters = new DynamicParameters();
        string where = Where(query, parameters);
        bool forward = query.Before is null && query.After is not null;
        parameters.Add("cursor", query.Before ?? query.After ?? 0L);
        parameters.Add("take", query.Limit + 1);
        string page = query.Before is not null ? " AND i.id < @cursor" : forward ? " AND i.id > @cursor" : "";
        List<long> ids;
        bool beyond, other;
        using (var connection = _dialect.Open())
        {
            ids = connection.Query<long>(
                $"SELECT i.id FROM incidents i WHERE {where}{page} ORDER BY i.id {(forward ? "ASC" : "DESC")} LIMIT @take", parameters).ToList();
            beyond = ids.Count > query.Limit;
            if (beyond)
            {
                ids.RemoveAt(ids.Count - 1);
            }
            if (forward)
            {
                ids.Reverse();
            }
            // The other way: past the page's newest (paging back) or oldest (paging forward)
            // incident, or, for an empty page, from the cursor itself.
            string? back = (forward, ids.Count) switch
            {
                (false, > 0) => " AND i.id > @edge",
                (true, > 0) => " AND i.id < @edge",
                (false, 0) when query.Before is not null => " AND i.id >= @edge",
                (true, 0) => " AND i.id <= @edge",
                _ => null,
            };
            parameters.Add("edge", ids.Count > 0 ? (forward ? ids[^1] : ids[0]) : query.Before ?? query.After ?? 0L);
            other = back is not null
                && connection.ExecuteScalar<long?>($"SELECT i.id FROM incidents i WHERE {where}{back} LIMIT 1", parameters) is not null;
        }
        bool older = forward ? other : beyond, newer = forward ? beyond : other;
        if (ids.Count == 0)
        {
            return ([], older, newer);
        }
        var byId = new DynamicParameters();
        var incidents = Load("i.id IN " + SqlList.Add(byId, "id", ids), byId).OrderByDescending(i => i.Id).ToList();
        return (incidents, older, newer);
    }

    /// <summary>The query's filter on the incidents table as "i", its values added to <paramref name="parameters"/>.</summary>
    private static string Where(IncidentQuery query, DynamicParameters parameters)
    {
        var clauses = new List<string> { "1 = 1" };
        if (query.Host is not null)
        {
            parameters.Add("host", query.Host);
            clauses.Add("LOWER(i.host) = LOWER(@host)");
        }
        if (query.User is not null)
        {
            parameters.Add("user", query.User);
            clauses.Add("i.user_name = @user");
        }
        if (query.Severities is not null)
        {
            clauses.Add(query.Severities.Count == 0 ? "1 = 0" : "UPPER(i.severity) IN " + SqlList.Add(parameters, "severity", query.Severities));
        }
        if (query.Status is not null)
        {
            parameters.Add("status", query.Status);
            clauses.Add("i.status = @status");
        }
        if (query.OpenOnly)
        {
            clauses.Add("i.status NOT IN ('Closed', 'FalsePositive')");
        }
        foreach (var (scope, n) in (query.Members ?? []).Select((s, n) => (s, n)))
        {
            clauses.Add(Owns(scope, $"m{n}_", parameters));
        }
        return string.Join(" AND ", clauses);
    }

    /// <summary>Whether the member of <paramref name="scope"/> owns the incident's user: the
    /// directory's order (<see cref="MemberDirectory.Resolve"/>) in SQL.</summary>
    private static string Owns(MemberScope scope, string prefix, DynamicParameters parameters)
    {
        parameters.Add(prefix + "member", scope.Member);
        // The database's entry: for this host, else for every host.
        string database = """
            COALESCE(
              (SELECT mu.member FROM member_users mu WHERE mu.user_name = i.user_name AND LOWER(mu.host) = LOWER(i.host) LIMIT 1),
              (SELECT mu.member FROM member_users mu WHERE mu.user_name = i.user_name AND mu.host = '*'),
              '')
            """;
        const string key = "LOWER(i.host) || ' ' || i.user_name";
        string In(string column, IReadOnlyCollection<string> values, string name) =>
            values.Count == 0 ? "1 = 0" : $"{column} IN {SqlList.Add(parameters, prefix + name, values)}";
        string NotIn(string column, IReadOnlyCollection<string> values, string name) =>
            values.Count == 0 ? "1 = 1" : $"{column} NOT IN {SqlList.Add(parameters, prefix + name, values)}";
        // The naming rule: the package itself, or the package (five characters, ByPackage says the
        // member's name is one), a hyphen and at least one more character; compared exactly, as
        // the rule's expression does (LIKE would ignore case in SQLite).
        string package = scope.ByPackage
            ? $"(i.user_name = @{prefix}member OR (SUBSTR(i.user_name, 1, 6) = @{prefix}member || '-' AND LENGTH(i.user_name) > 6))"
            : "1 = 0";
        return $"""
            ({database} = @{prefix}member
             OR ({database} = ''
                 AND ({In(key, scope.FileOwned, "fo")}
                      OR ({NotIn(key, scope.FileAnswered, "fa")}
                          AND ({In("i.user_name", scope.StarOwned, "so")}
                               OR ({NotIn("i.user_name", scope.StarAnswered, "sa")} AND {package}))))))
            """;
    }
}
