using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Pages;

/// <summary>
/// Active and recent findings (client-ID conflicts, reconnect loops, flapping), most severe and
/// most frequent first, each with the evidence, what it means and what to do; and fleet incidents
/// (<see cref="ConflictsView"/>).
/// </summary>
public sealed partial class Conflicts
{
    private ConflictsView _view = null!;

    [Inject]
    internal ConflictService ConflictService { get; init; } = null!;

    [Inject]
    internal AcknowledgementService AcknowledgementService { get; init; } = null!;

    [Inject]
    public required IAuthorizationService Authorization { get; init; }

    /// <summary>Who is signed in, when the app provides it (with sign-in); absent, the actor is "anonymous".</summary>
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    public static string KindTitle(FindingKind kind) => kind switch
    {
        FindingKind.ClientIdConflict => "Client ID conflict",
        FindingKind.ReconnectLoop => "Reconnect loop",
        _ => "Flapping",
    };

    /// <summary>What an incident counts: a mass disconnect its clients' endings, an auth burst failed logins, the other refused connects.</summary>
    private static string CountNoun(Incident incident) => incident.Kind switch
    {
        IncidentKind.MassDisconnect => "clients",
        IncidentKind.AuthFailureBurst => "failed attempts",
        _ => "refused connects",
    };

    protected override void OnInitialized()
    {
        _view = new ConflictsView(ConflictService, AcknowledgementService, Time);
        base.OnInitialized();
    }

    protected override void ReadState() => _view.Read();

    private async Task AcknowledgeAsync(string key)
    {
        var user = AuthenticationState is null ? null : (await AuthenticationState).User;

        // The button shows only for operators, but a circuit takes any event its client sends: check again.
        if (user is null || !(await Authorization.AuthorizeAsync(user, DashboardPolicies.Operator)).Succeeded)
        {
            _view.Errors[key] = "Only an operator can acknowledge.";
            return;
        }

        await _view.AcknowledgeAsync(key, Actor.Of(user), CancellationToken.None);
    }

    private void OnStateChanged(FindingState? state)
    {
        _view.State = state;
        _view.Read();
    }

    private void OnSortChanged(string sort)
    {
        _view.Sort = sort;
        _view.Read();
    }

    private void OnKindChanged(string kind)
    {
        _view.Kind = kind;
        _view.Read();
    }
}
