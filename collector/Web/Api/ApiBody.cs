using System.Text.Json;
using System.Text.Json.Serialization;

namespace HsGuard.Collector.Web.Api;

/// <summary>
/// Reads an action's optional JSON body. Read here rather than bound by the framework, so that
/// each way a body can be wrong gets its own plain answer: not JSON (415), broken JSON (400 with
/// line and position), an unknown field (400 naming it: a typo is not silently ignored).
/// </summary>
internal static class ApiBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The body, a default one when there is none, or the problem to answer.</summary>
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : new()
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return (new T(), null);
        }
        if (!request.HasJsonContentType())
        {
            return (default, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"the body must be JSON (Content-Type: application/json), not '{request.ContentType}'"));
        }
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return body is null
                ? (default, ApiProblems.BadRequest("the body must be a JSON object, not null"))
                : (body, null);
        }
        catch (JsonException e)
        {
            return (default, ApiProblems.BadRequest($"the body is not valid JSON for this request: {e.Message}"));
        }
    }
}
