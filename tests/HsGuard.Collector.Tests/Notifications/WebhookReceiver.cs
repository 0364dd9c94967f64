using System.Collections.Concurrent;
using System.Text.Json;
using HsGuard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HsGuard.Collector.Tests.Notifications;

/// <summary>A real HTTP listener on a free 127.0.0.1 port (Kestrel) that takes the hostmasters'
/// webhook POSTs and keeps each with its Idempotency-Key; it answers <see cref="Status"/>.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}/hooks/hsguard";
    }

    public string Url { get; }

    public int Status { get; set; } = StatusCodes.Status200OK;

    public ConcurrentQueue<(string? IdempotencyKey, string ContentType, JsonElement Body)> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        int port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks/hsguard", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            if (receiver!.Status / 100 == 2)
            {
                receiver.Received.Enqueue((context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.ContentType ?? "",
                    body.RootElement.Clone()));
            }
            return Results.StatusCode(receiver.Status);
        });
        receiver = new WebhookReceiver(app, port);
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
