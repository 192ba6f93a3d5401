using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Components.Controls.Actions;
using Dashboard.Emqx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Components.Controls.Emqx;

/// <summary>
/// The EMQX section of Diagnostics (<see cref="EmqxStatusComponent"/> keeps it current). "Reconcile
/// now" runs <see cref="IReconciler"/> with the trigger <c>manual</c>, after checking the operator
/// policy again on the server, and writes the same audit row as <c>POST /api/emqx/reconcile</c>
/// (action <c>reconcile</c>, target <c>emqx</c>), which audits in the endpoint, not in the reconciler.
/// </summary>
public sealed partial class EmqxStatusSection
{
    /// <summary>The audit action of a reconcile started by hand.</summary>
    public const string AuditAction = ReconcileAudit.Action;

    private bool _running;
    private ReconcileReport? _ran;
    private string? _runError;

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Inject]
    internal AuditLog Audit { get; init; } = null!;

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IAuthorizationService Authorization { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private string ReachableText => Status.Reachable switch
    {
        true => "reachable",
        false => "unreachable",
        null => "not checked yet",
    };

    private Color ReachableColor => Status.Reachable switch
    {
        true => Color.Success,
        false => Color.Error,
        null => Color.Default,
    };

    private async Task ReconcileAsync()
    {
        if (await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not { } user)
        {
            _runError = "Only an operator can start a reconcile.";
            return;
        }

        if (Services.GetService<IReconciler>() is not { } reconciler)
        {
            _runError = "Reconcile is not available in this build.";
            return;
        }

        var actor = Actor.Of(user);
        _running = true;
        _runError = null;
        try
        {
            _ran = await reconciler.RunAsync("manual", CancellationToken.None);
            await Audit.RecordAsync(ReconcileAudit.Of(_ran, actor, Time.GetUtcNow()), CancellationToken.None);
        }
        catch (EmqxApiException ex)
        {
            _ran = null;
            _runError = "The reconcile failed: " + ex.Message;
            await Audit.RecordAsync(ReconcileAudit.Failed(ex.Message, actor, Time.GetUtcNow()), CancellationToken.None);
        }
        finally
        {
            _running = false;
        }
    }
}
