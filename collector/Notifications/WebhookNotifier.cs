using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// POSTs a hostmasters' notice, its JSON body as planned, to the configured webhook, with an
/// Idempotency-Key header that is the notice's key (the same at every try: a receiver that keeps
/// keys drops a copy sent again after a crash). Any 2xx answer is success.
/// </summary>
internal sealed class WebhookNotifier
{
    public const string ClientName = "hsguard-webhook";

    private readonly IHttpClientFactory _clients;
    private readonly HostmasterOptions _options;

    public WebhookNotifier(IHttpClientFactory clients, IOptions<NotificationsOptions> options)
    {
        _clients = clients;
        _options = options.Value.Hostmasters;
    }

    public async Task SendAsync(OutboxNotice notice, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.WebhookUrl))
        {
            throw new NoticeFailure("no webhook is configured any more (Collector:Notifications:Hostmasters:WebhookUrl)", permanent: true);
        }
        var client = _clients.CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.WebhookUrl)
        {
            Content = new StringContent(notice.Body, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
        };
        request.Headers.Add("Idempotency-Key", notice.Key);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.WebhookTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
        {
            throw new NoticeFailure(e is OperationCanceledException ? $"no answer within {_options.WebhookTimeout}" : e.Message, permanent: false,
                serverDown: true, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new NoticeFailure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {NoticeValues.Clean(text)}", permanent: false,
                    serverDown: true);
            }
        }
    }
}
