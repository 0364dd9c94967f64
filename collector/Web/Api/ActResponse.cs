using HsGuard.Collector.Detection.Allow;
using HsGuard.Collector.Web.Triage;

namespace HsGuard.Collector.Web.Api;

/// <summary>What an act answers: the action recorded on the incident, and the allow entry made (false positive) or revoked.</summary>
internal sealed record ActResponse(ActionView? Action, AllowEntry? Allow);
