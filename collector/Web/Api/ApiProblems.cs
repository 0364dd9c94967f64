using HsGuard.Collector.Web.Triage;

namespace HsGuard.Collector.Web.Api;

/// <summary>How the API says no: RFC 9457 problem details (application/problem+json) with a
/// title a person understands and the detail of this case.</summary>
internal static class ApiProblems
{
    /// <summary>Requests answered with problems rather than the login page: the API and /metrics.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/metrics");

    public static IResult Problem(int status, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid parameters", detail: string.Join("; ", errors.SelectMany(e => e.Value)));

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static Task WriteDeniedAsync(HttpContext context, int status) => (status == StatusCodes.Status401Unauthorized
        ? Problem(status, "Login required", "log in (session cookie) or send 'Authorization: Bearer TOKEN' with an API token")
        : Problem(status, "Forbidden", "this account may not do this (acting needs a hostmaster account)")).ExecuteAsync(context);

    /// <summary>An act's outcome: 200 (202 for a command sent to an agent, whose result comes later)
    /// with the action recorded, or the refusal.</summary>
    public static IResult Of(TriageResult result, bool command = false) => result.Outcome switch
    {
        TriageOutcome.Done when command => TypedResults.Json(new ActResponse(result.Action, result.Allow), statusCode: StatusCodes.Status202Accepted),
        TriageOutcome.Done => TypedResults.Ok(new ActResponse(result.Action, result.Allow)),
        TriageOutcome.NotFound => NotFound(result.Message!),
        TriageOutcome.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", result.Message),
        _ => Problem(StatusCodes.Status409Conflict, "Not possible now", result.Message),
    };
}
