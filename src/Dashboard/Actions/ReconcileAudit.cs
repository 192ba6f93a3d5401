using System.Globalization;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Emqx;

namespace Dashboard.Actions;

/// <summary>
/// The audit row of a reconcile started by hand, from <c>POST /api/emqx/reconcile</c> or the Diagnostics
/// button alike: action <c>reconcile</c>, target <c>emqx</c>, and the figures (or why it failed).
/// </summary>
internal static class ReconcileAudit
{
    public const string Action = "reconcile";

    public const string Target = "emqx";

    public static AuditEntry Of(ReconcileReport report, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        var figures = string.Create(
            CultureInfo.InvariantCulture,
            $"{report.BrokerOnline} listed, {report.MarkedOnline} marked online, {report.MarkedOffline} marked offline, {report.Unchanged} unchanged, {report.Pages} pages, {report.DurationMs} ms");
        return report.Error is null
            ? new AuditEntry(at, actor.Name, actor.Role, Action, Target, "success", figures)
            : new AuditEntry(at, actor.Name, actor.Role, Action, Target, "failure", $"{report.Error} ({figures})");
    }

    /// <summary>A reconcile that could not start (EMQX refused or could not be reached).</summary>
    public static AuditEntry Failed(string error, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new AuditEntry(at, actor.Name, actor.Role, Action, Target, "failure", error);
    }
}
