using System.Threading.Channels;
using HsGuard.Collector.Detection.Incidents;
using HsGuard.Collector.Detection.Rules;
using HsGuard.Collector.Members;
using HsGuard.Collector.Notifications.Templates;
using HsGuard.Collector.Response;
using HsGuard.Collector.Store;
using HsGuard.Protocol.Hosting;
using Microsoft.Extensions.Options;

namespace HsGuard.Collector.Notifications;

/// <summary>
/// Turns incidents into notices in the outbox. At start it loads the templates and the member
/// directory (an error in either stops the start, exit 78) and plans what every open incident's
/// state calls for, and what closed incidents still owe, so that a notice whose row was not yet
/// written when the collector died is written now; then it plans again at each event (opened,
/// verdict risen, status changed). Notices are thereby a function of the incidents' state: a
/// second planning of the same state adds nothing (the outbox's unique key), and none is lost.
/// In response mode Observe nobody is told.
/// </summary>
internal sealed class NotificationService : SupervisedService
{
    private readonly IncidentBook _incidents;
    private readonly IncidentStore _store;
    private readonly MemberDirectory _members;
    private readonly OutboxSender _sender;
    private readonly NotificationsOptions _options;
    private readonly ResponseMode _mode;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationService> _log;
    private readonly ChannelReader<IncidentEvent> _events;
    private readonly HashSet<long> _toldUnknown = [];
    private NoticePlanner? _planner;

    public NotificationService(IncidentBook incidents, IncidentStore store, MemberDirectory members, OutboxSender sender,
        IOptions<NotificationsOptions> options, IOptions<ResponseOptions> response, TimeProvider time, IHostApplicationLifetime lifetime,
        ILogger<NotificationService> log)
        : base(lifetime, log)
    {
        _incidents = incidents;
        _events = incidents.Subscribe();
        _store = store;
        _members = members;
        _sender = sender;
        _options = options.Value;
        _mode = response.Value.Mode;
        _time = time;
        _log = log;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = new List<RuleError>();
        var templates = TemplateSet.Load(TemplateSet.ShippedDirectory, _options.TemplateDirectory, errors)
            ?? throw new InvalidDataException(NotificationsOptionsValidator.Describe("the notice templates", errors));
        _planner = new NoticePlanner(_options, templates);
        _members.Load();
        if (_mode == ResponseMode.Observe)
        {
            NotificationsLog.Observing(_log);
        }
        else if (!_options.Smtp.Enabled && string.IsNullOrWhiteSpace(_options.Hostmasters.WebhookUrl))
        {
            NotificationsLog.NobodyToTell(_log);
        }
        else
        {
            NotificationsLog.Channels(_log, _options.Smtp.Enabled ? $"via {_options.Smtp.Host}:{_options.Smtp.Port} ({_options.Smtp.Security})" : "off",
                _options.Hostmasters.Emails.Length, string.IsNullOrWhiteSpace(_options.Hostmasters.WebhookUrl) ? "off" : "on");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (_mode != ResponseMode.Observe)
        {
            var owing = _incidents.All.Concat(_store.LoadUnresolvedNotices()).ToList();
            int planned = owing.Sum(Plan);
            NotificationsLog.Reconciled(_log, owing.Count, planned);
        }
        await foreach (var change in _events.ReadAllAsync(stoppingToken))
        {
            if (_mode != ResponseMode.Observe)
            {
                Plan(change.Incident);
            }
        }
    }

    /// <summary>Writes the notices the incident's state calls for that are not yet in the outbox;
    /// returns how many were new.</summary>
    private int Plan(Incident incident)
    {
        var facts = _incidents.Read(() => IncidentFacts.Of(incident));
        if (!NoticePlanner.DueStages(facts).Any())
        {
            return 0;
        }
        var lookup = _members.Resolve(facts.Host, facts.User);
        if (!lookup.Known && _toldUnknown.Add(facts.Id))
        {
            NotificationsLog.UnknownMember(_log, facts.Id, facts.Host, facts.User, lookup.How);
        }
        var notices = _planner!.Plan(facts, lookup);
        int added = _store.PlanNotices(notices, _time.GetUtcNow());
        if (added > 0)
        {
            NotificationsLog.Planned(_log, facts.Id, added, string.Join(", ", notices.Select(n => n.Stage).Distinct()));
            _sender.Wake();
        }
        return added;
    }
}
