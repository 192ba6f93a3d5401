using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Components.Controls.Actions;

/// <summary>
/// Kicks the given clients after a confirmation: one through EMQX's single kick (which says whether
/// EMQX knew it), several through its bulk kick. <see cref="KickService"/> audits every ID. Nothing
/// changes here until EMQX reports the <c>kicked</c> disconnect as a normal event.
/// </summary>
public sealed partial class KickAction
{
    private string? _outcome;
    private Color _outcomeColor;
    private bool _busy;

    [Inject]
    internal KickService Kicks { get; init; } = null!;

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IAuthorizationService Authorization { get; init; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Whom to kick: one client (the drill-down) or the selection (the Clients page).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<string> ClientIds { get; set; } = [];

    [Parameter]
    public string Label { get; set; } = "Kick";

    [Parameter]
    public string TestId { get; set; } = "kick";

    /// <summary>Raised after EMQX accepted a kick (the Clients page clears its selection).</summary>
    [Parameter]
    public EventCallback OnKicked { get; set; }

    private async Task ConfirmAndKickAsync()
    {
        var ids = ClientIds.ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        if (ids.Length > KickService.MaxBulk)
        {
            Show($"Select at most {KickService.MaxBulk} clients at once; {ids.Length} are selected.", Color.Warning);
            return;
        }

        var dialog = await Dialogs.ShowAsync<KickConfirmDialog>(
            ids.Length == 1 ? "Kick client" : $"Kick {ids.Length} clients",
            new DialogParameters<KickConfirmDialog> { { d => d.ClientIds, ids } },
            new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        if ((await dialog.Result) is not { Canceled: false })
        {
            return;
        }

        if (await CircuitPolicy.UserPassingAsync(AuthenticationState, Authorization, DashboardPolicies.Operator) is not { } user)
        {
            Show("Only an operator can kick clients.", Color.Error);
            return;
        }

        _busy = true;
        try
        {
            var actor = Actor.Of(user);
            var result = ids.Length == 1
                ? await Kicks.KickAsync(ids[0], actor, CancellationToken.None)
                : await Kicks.KickManyAsync(ids, actor, CancellationToken.None);
            ShowResult(result, ids);
            if (result.Outcome == KickOutcome.Kicked)
            {
                await OnKicked.InvokeAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void ShowResult(KickResult result, string[] ids)
    {
        var who = ids.Length == 1 ? $"'{ids[0]}'" : $"{ids.Length} clients";
        switch (result.Outcome)
        {
            case KickOutcome.Kicked:
                Show(ids.Length == 1
                    ? $"Kicked {who}: its disconnect shows here when EMQX reports it."
                    : $"EMQX kicked the {who} it knew: their disconnects show here as EMQX reports them.", Color.Success);
                break;
            case KickOutcome.NotFound:
                Show($"EMQX does not know {who}: it is not connected there.", Color.Warning);
                break;
            default:
                Show($"EMQX did not kick {who}: {result.Error}", Color.Error);
                break;
        }
    }

    private void Show(string text, Color color)
    {
        _outcome = text;
        _outcomeColor = color;
    }
}
