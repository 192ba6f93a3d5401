using System.Globalization;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Groups;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Pages;

/// <summary>
/// The Groups page: every group in matching order with its figures and links to the pages narrowed to it; admins
/// define and delete run-time groups here (the role is checked again on the server side of each action, not only
/// by hiding the controls). Everything shown is text, so hostile names and patterns never become markup.
/// </summary>
public sealed partial class Groups : IDisposable
{
    private IReadOnlyList<GroupView> _views = [];
    private GroupStats? _stats;
    private Dictionary<string, IReadOnlyList<UptimeSpan>?> _uptime = new(StringComparer.OrdinalIgnoreCase);
    private bool _isAdmin;
    private string? _message;
    private string? _name;
    private string? _clientId;
    private string? _username;
    private string? _cidr;
    private GroupEdit? _edit;

    [Inject]
    internal DeviceGroupService DeviceGroups { get; set; } = null!;

    [Inject]
    internal GroupStatsService Stats { get; set; } = null!;

    [Inject]
    internal GroupUptimeService Uptime { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider Authentication { get; set; } = null!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = null!;

    public void Dispose() => DeviceGroups.Changed -= OnChanged;

    protected override async Task OnInitializedAsync()
    {
        DeviceGroups.Changed += OnChanged;
        _isAdmin = await IsAdminAsync();
        await ReadAsync();
    }

    private async Task ReadAsync()
    {
        _views = DeviceGroups.List();
        _stats = await Stats.GetAsync(CancellationToken.None);
        var uptime = new Dictionary<string, IReadOnlyList<UptimeSpan>?>(StringComparer.OrdinalIgnoreCase);
        foreach (var view in _views)
        {
            uptime[view.Name] = await Uptime.GetAsync(view.Name, CancellationToken.None);
        }

        _uptime = uptime;
    }

    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        await ReadAsync();
        StateHasChanged();
    });

    private async Task CreateAsync()
    {
        var result = await ActAsync(actor => DeviceGroups.CreateAsync(new GroupInput(_name, _clientId, _username, _cidr), actor, CancellationToken.None));
        if (result is { Outcome: GroupChangeOutcome.Done })
        {
            (_name, _clientId, _username, _cidr) = (null, null, null, null);
        }
    }

    private async Task DeleteAsync(string name)
    {
        await ActAsync(actor => DeviceGroups.DeleteAsync(name, actor, CancellationToken.None));
    }

    /// <summary>Opens a run-time group's criteria for editing in its row (one row at a time); its name stays as created.</summary>
    private void StartEdit(GroupView view)
    {
        _edit = new GroupEdit(view.Name) { ClientId = view.ClientIdPattern, Username = view.UsernamePattern, Cidr = view.Cidr };
        _message = null;
    }

    private void CancelEdit() => _edit = null;

    /// <summary>Saves through the same service call as <c>PUT /api/groups/{name}</c> (validated, stored, audited as group-update).</summary>
    private async Task SaveAsync()
    {
        if (_edit is not { } edit)
        {
            return;
        }

        var result = await ActAsync(actor => DeviceGroups.UpdateAsync(new GroupInput(edit.Name, edit.ClientId, edit.Username, edit.Cidr), actor, CancellationToken.None));
        if (result is { Outcome: GroupChangeOutcome.Done })
        {
            _edit = null;
        }
        else
        {
            edit.Error = result?.Error;
        }
    }

    /// <summary>Checks the role again (a hidden button is no authorization), acts, and says what happened; null when refused here.</summary>
    private async Task<GroupChangeResult?> ActAsync(Func<Actor, Task<GroupChangeResult>> change)
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        if (!(await Authorization.AuthorizeAsync(user, DashboardPolicies.Admin)).Succeeded)
        {
            _message = "Only admins can change groups.";
            return null;
        }

        var result = await change(Actor.Of(user));
        _message = result.Outcome switch
        {
            GroupChangeOutcome.Done => null,
            GroupChangeOutcome.Invalid => GroupEdit.Explain(result.Error!),
            GroupChangeOutcome.NameTaken => "That name is taken by another group (names are unique ignoring case).",
            GroupChangeOutcome.Configured => "Configured groups are read-only: change them in the configuration.",
            GroupChangeOutcome.HistoryOff => DeviceGroupService.HistoryOffMessage,
            _ => "No such group; it may have been deleted already.",
        };
        await ReadAsync();
        return result;
    }

    private async Task<bool> IsAdminAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        return (await Authorization.AuthorizeAsync(user, DashboardPolicies.Admin)).Succeeded;
    }

    private GroupFigures? FiguresOf(string name) =>
        _stats?.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string Criteria(GroupView view) => string.Join(
        " and ",
        new[] { ("client ID", view.ClientIdPattern), ("username", view.UsernamePattern), ("network", view.Cidr) }
            .Where(c => c.Item2 is not null)
            .Select(c => $"{c.Item1} {c.Item2}"));

    private string Optional(long? value) => _stats is { HistoryOn: false } ? "n/a" : value is { } v ? DisplayFormat.Number(v) : "…";

    private string Reasons(GroupFigures? figures) => figures?.TopReasons switch
    {
        null => _stats is { HistoryOn: false } ? "n/a" : "…",
        { Count: 0 } => "none",
        var top => string.Join(", ", top.Select(r => $"{r.Reason} ×{r.Count.ToString(CultureInfo.InvariantCulture)}")),
    };

    /// <summary>"99.5 % · 98.1 % · 97.0 %" over 24 h, 7 d and 30 d; "–" for a span without a figure, "*" on a partial one.</summary>
    private string UptimeText(string name) => _uptime.GetValueOrDefault(name) is { } spans
        ? string.Join(" · ", spans.Select(s => (s.Percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–") + (s.Partial ? "*" : "")))
        : Uptime.Available ? "…" : "n/a";

    /// <summary>The page narrowed to the group, by the <c>group</c> query parameter those pages read.</summary>
    private static string Link(string page, string group) => $"/{page}?group={Uri.EscapeDataString(group)}";
}
