using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace HsGuard.Collector.Cli.Triage;

/// <summary>The command line's side of the JSON API: a bearer token, one request, and the answer
/// or the collector's refusal in its own words.</summary>
internal sealed class TriageClient : IDisposable
{
    private readonly HttpClient _http;

    public TriageClient(Uri url, string token)
    {
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), System.Text.Encoding.UTF8, "application/json"),
        }, cancellationToken);

    public Task<ApiAnswer> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new TriageUnreachableException($"the collector's web endpoint {_http.BaseAddress} does not answer: {e.Message}", e);
            }
            using (response)
            {
                string text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonElement body = default;
                if (text.Length > 0)
                {
                    try
                    {
                        body = JsonDocument.Parse(text).RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        throw new TriageUnreachableException(
                            $"{_http.BaseAddress} answered {(int)response.StatusCode} with something that is not JSON: is --url the collector's web endpoint?");
                    }
                }
                return new ApiAnswer(response.StatusCode, body, text);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An answer of the API: its status, its JSON and the text as sent (for --json).</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, JsonElement Body, string Text)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The refusal as a line: the problem's title and detail.</summary>
    public string Problem => Body.ValueKind == JsonValueKind.Object
        ? $"{(int)Status} {Str(Body, "title")}: {Str(Body, "detail")}"
        : $"{(int)Status} {Status}";

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}

internal sealed class TriageUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
