using HsGuard.Collector.Web.Accounts;
using HsGuard.Collector.Web.Triage;

namespace HsGuard.Collector.Web.Api;

/// <summary>
/// The JSON API under /api, on the same triage layer as the pages. Reads need a login (a member
/// sees its own incidents only); acts need a hostmaster, and in a browser session the CSRF token.
/// Ids that are not numbers are a 400, ids that name nothing (or nothing the viewer may see) a 404.
/// </summary>
internal static class ApiEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Principals.ReaderPolicy);
        api.MapGet("/incidents", Incidents);
        api.MapGet("/incidents/{id}", Incident);
        api.MapGet("/hosts", (TriageQueries q, HttpContext http) => TypedResults.Ok(q.Hosts(Viewer.Of(http.User))));
        api.MapGet("/rules", (TriageQueries q) => TypedResults.Ok(q.Rules()));

        var hostmaster = api.MapGroup("").RequireAuthorization(Principals.HostmasterPolicy);
        hostmaster.MapGet("/allow", (TriageQueries q) => TypedResults.Ok(q.AllowEntries()));

        var acts = hostmaster.MapGroup("").AddEndpointFilter<CsrfFilter>();
        acts.MapPost("/incidents/{id}/resume", (string id, TriageActions a, HttpContext http) =>
            Act(id, async n => ApiProblems.Of(await a.ResumeAsync(n, Viewer.Of(http.User), http.RequestAborted), command: true)));
        acts.MapPost("/incidents/{id}/kill", (string id, TriageActions a, HttpContext http) =>
            Act(id, async n => ApiProblems.Of(await a.KillAsync(n, Viewer.Of(http.User), http.RequestAborted), command: true)));
        acts.MapPost("/incidents/{id}/false-positive", (string id, TriageActions a, HttpContext http) => Act(id, async n =>
        {
            var (body, problem) = await ApiBody.ReadAsync<FalsePositiveRequest>(http.Request, http.RequestAborted);
            return problem ?? ApiProblems.Of(await a.FalsePositiveAsync(n, Viewer.Of(http.User), body!.Reason, body.AnyHost, http.RequestAborted));
        }));
        acts.MapPost("/incidents/{id}/notify", (string id, TriageActions a, HttpContext http) =>
            Act(id, n => Task.FromResult(ApiProblems.Of(a.NotifyAgain(n, Viewer.Of(http.User))))));
        acts.MapPost("/incidents/{id}/close", (string id, TriageActions a, HttpContext http) => Act(id, async n =>
        {
            var (body, problem) = await ApiBody.ReadAsync<CloseRequest>(http.Request, http.RequestAborted);
            return problem ?? ApiProblems.Of(a.Close(n, Viewer.Of(http.User), body!.Reason));
        }));
        acts.MapDelete("/allow/{id}", (string id, TriageActions a, HttpContext http) =>
            Act(id, n => Task.FromResult(ApiProblems.Of(a.RevokeAllow(n, Viewer.Of(http.User))))));

        // Anything else under /api is a clear 404, not the login page nor an empty answer.
        api.Map("/{**rest}", (HttpRequest request) =>
            ApiProblems.NotFound($"no API endpoint {request.Method} {request.Path} (see the README's section on triage)"));
    }

    private static IResult Incidents(TriageQueries queries, HttpContext http, string? host, string? member, string? user, string? severity,
        string? status, string? limit, string? before, string? after)
    {
        var (filter, errors) = IncidentFilter.Parse(host, member, user, severity, status, limit, before, after);
        return errors.Count > 0 ? ApiProblems.Invalid(errors) : TypedResults.Ok(queries.Incidents(filter, Viewer.Of(http.User)));
    }

    private static IResult Incident(string id, TriageQueries queries, HttpContext http) =>
        !TryId(id, out long n) ? BadId(id)
        : queries.Incident(n, Viewer.Of(http.User)) is { } detail ? TypedResults.Ok(detail)
        : ApiProblems.NotFound($"no incident {n}");

    private static async Task<IResult> Act(string id, Func<long, Task<IResult>> act) => TryId(id, out long n) ? await act(n) : BadId(id);

    private static bool TryId(string text, out long id) => IncidentFilter.TryParseId(text, out id);

    private static IResult BadId(string id) => ApiProblems.BadRequest($"'{id}' is not an id (a positive whole number)");
}
