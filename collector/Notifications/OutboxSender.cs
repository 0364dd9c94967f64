using System.Threading.Channels;
using HsGuard.Collector.Store;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// Sends what the outbox holds: claims the notice due first, sends it, and marks it sent as soon as
/// the server accepted it; a failure is kept (last_error) and the notice tried again after a
/// doubling, jittered wait, until <see cref="OutboxOptions.GiveUpAfter"/> after it was planned,
/// when it is marked failed for the hostmasters to see. A restart or an SMTP outage loses nothing:
/// what was not marked sent is sent later.
/// <para>
/// The one window: the server has accepted a message and the collector dies before the row says
/// so (microseconds to a disk write). The notice is then sent once more after the restart, with
/// the same Message-ID (e-mail) or Idempotency-Key (webhook), which lets a mail client or a
/// receiver that keeps keys recognise the copy. SMTP has no way to ask a server whether it has a
/// message, so the choice is between that copy and a notice that may be lost, and a security
/// notice is better twice than never.
/// </para>
/// </summary>
internal sealed class OutboxSender : SupervisedService
{
    private readonly IncidentStore _store;
    private readonly EmailNotifier _email;
    private readonly WebhookNotifier _webhook;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _log;
    // Only a reason to look at the outbox again: one pending wake-up is enough, more are dropped.
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public OutboxSender(IncidentStore store, EmailNotifier email, WebhookNotifier webhook, IOptions<NotificationsOptions> options, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<OutboxSender> log)
        : base(lifetime, log)
    {
        _store = store;
        _email = email;
        _webhook = webhook;
        _options = options.Value.Outbox;
        _time = time;
        _log = log;
    }

    /// <summary>New notices were planned: look now rather than at the next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (_store.ReleaseClaims() is > 0 and var released)
        {
            NotificationsLog.ClaimsReleased(_log, released);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            while (_store.ClaimNext(_time.GetUtcNow(), _options.ClaimTimeout, Paused()) is { } notice)
            {
                await SendAsync(notice, stoppingToken);
            }
            await _email.DisconnectAsync();
            await WaitAsync(stoppingToken);
        }
    }

    private async Task SendAsync(OutboxNotice notice, CancellationToken stoppingToken)
    {
        try
        {
            if (notice.Channel == IncidentStore.Word(NoticeChannel.Webhook))
            {
                await _webhook.SendAsync(notice, stoppingToken);
            }
            else
            {
                await _email.SendAsync(notice, stoppingToken);
            }
        }
        catch (NoticeFailure failure)
        {
            var now = _time.GetUtcNow();
            bool giveUp = failure.Permanent || now - notice.Created >= _options.GiveUpAfter;
            var next = now + Backoff.Delay(notice.Attempts + 1, _options.RetryMinDelay, _options.RetryMaxDelay, Random.Shared.NextDouble());
            _store.MarkFailed(notice.Id, failure.Message, next, giveUp);
            if (failure.ServerDown)
            {
                _pausedUntil[notice.Channel] = next;
            }
            if (giveUp)
            {
                NotificationsLog.GivenUp(_log, notice.Id, notice.IncidentId, notice.Stage, notice.Channel, notice.Recipient, notice.Attempts + 1, failure.Message);
            }
            else
            {
                NotificationsLog.SendFailed(_log, notice.Id, notice.IncidentId, notice.Channel, notice.Recipient, notice.Attempts + 1, failure.Message, next);
            }
            return;
        }
        // The crash window (see the class): accepted by the server, not yet marked here.
        if (_store.MarkSent(notice.Id, _time.GetUtcNow()))
        {
            NotificationsLog.Sent(_log, notice.Id, notice.IncidentId, notice.Stage, notice.Channel, notice.Recipient, notice.Attempts + 1);
        }
        else
        {
            NotificationsLog.ClaimLost(_log, notice.Id, notice.IncidentId, _options.ClaimTimeout);
        }
    }

    /// <summary>The channels whose server was down at the last try: their notices wait for the
    /// retry time instead of each timing out in turn.</summary>
    private string[] Paused()
    {
        var now = _time.GetUtcNow();
        return [.. _pausedUntil.Where(p => p.Value > now).Select(p => p.Key)];
    }

    /// <summary>Until a wake-up, the next poll, or the next notice due, whichever is first.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var wait = _options.PollInterval;
        if (_store.NextNoticeDue() is { } due && due - now < wait)
        {
            // A notice due now that was not claimed belongs to a paused channel: wait for the pause.
            wait = due > now ? due - now : _pausedUntil.Values.Where(p => p > now).Select(p => p - now).DefaultIfEmpty(wait).Min();
        }
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, _time, timer.Token);
        var woken = _wake.Reader.WaitToReadAsync(timer.Token).AsTask();
        await Task.WhenAny(delay, woken);
        timer.Cancel();
        _wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(delay, woken);
        }
        catch (OperationCanceledException)
        {
            // The one that did not finish was cancelled above.
        }
    }
}
