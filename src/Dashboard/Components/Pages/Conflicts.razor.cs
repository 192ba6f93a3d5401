using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Auth;
using Dashboard.Components.Controls.Formatting;
using Dashboard.Conflicts;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Groups;
using Dashboard.Core.Live;
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

    public static string KindTitle(FindingKind kind) => FindingTexts.Title(kind);

    /// <summary>What an incident counts: a mass disconnect its clients' endings, an auth burst failed logins, the other refused connects.</summary>
    private static string CountNoun(Incident incident) => incident.Kind switch
    {
        IncidentKind.MassDisconnect => "clients",
        IncidentKind.AuthFailureBurst => "failed attempts",
        _ => "refused connects",
    };

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "state")]
    public string? StateParameter { get; set; }

    [SupplyParameterFromQuery(Name = "kind")]
    public string? KindParameter { get; set; }

    [SupplyParameterFromQuery(Name = "severity")]
    public string? SeverityParameter { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? SearchParameter { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortParameter { get; set; }

    [SupplyParameterFromQuery(Name = "order")]
    public string? OrderParameter { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageParameter { get; set; }

    [SupplyParameterFromQuery(Name = "group")]
    public string? GroupParameter { get; set; }

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required IDeviceGroups DeviceGroups { get; init; }

    private bool IsFiltered => _view.Query.Kind is not null || _view.Query.Severity is not null || _view.Query.Search is not null || _view.Query.Group is not null;

    protected override void OnInitialized()
    {
        _view = new ConflictsView(ConflictService, AcknowledgementService, LiveState, Time);
        base.OnInitialized();
    }

    /// <summary>The URL is the view: a pasted link, back and forward all land here and read it.</summary>
    protected override Task OnParametersSetAsync()
    {
        _view.Query = ConflictsUrl.Read(StateParameter, KindParameter, SeverityParameter, SearchParameter, SortParameter, OrderParameter, PageParameter, GroupParameter, DeviceGroups.Current);
        return base.OnParametersSetAsync();
    }

    protected override void ReadState() => _view.Read();

    /// <summary>Shows <paramref name="query"/> by navigating to its URL (a new history entry); a new filter starts at page one.</summary>
    private void Go(FindingQuery query, bool keepPage = false, bool replace = false)
    {
        var target = keepPage ? query : query with { Page = 1 };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(ConflictsUrl.Parameters(target)), replace: replace);
    }

    /// <summary>Typing replaces the history entry (after the debounce) rather than adding one per word.</summary>
    private void OnSearchChanged(string? text) =>
        Go(_view.Query with { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim() }, replace: true);

    /// <summary>A column's header: a button that sorts by it, or reverses it when it already sorts.</summary>
    private RenderFragment SortHeader(string title, FindingSort sort) => builder =>
    {
        var current = _view.Query.Sort == sort;
        var arrow = !current ? string.Empty : ConflictsUrl.Descending(_view.Query) ? " ↓" : " ↑";
        builder.OpenElement(0, "button");
        builder.AddAttribute(1, "type", "button");
        builder.AddAttribute(2, "class", current ? "sort sorted" : "sort");
        builder.AddAttribute(3, "data-testid", $"sort-{FindingQueryNames.Sort(sort)}");
        builder.AddAttribute(5, "onclick", EventCallback.Factory.Create(this, () => Go(_view.Query with { Sort = sort, Reverse = current && !_view.Query.Reverse })));
        builder.AddContent(6, title + arrow);
        builder.CloseElement();
    };

    /// <summary>The header cell's state for assistive technology: which column sorts, which way.</summary>
    private string AriaSort(FindingSort sort) =>
        _view.Query.Sort != sort ? "none" : ConflictsUrl.Descending(_view.Query) ? "descending" : "ascending";

    /// <summary>A few names, then how many more; bounded like the finding's lists.</summary>
    private static string Listed(IReadOnlyList<string> names) => names.Count == 0 ? DisplayFormat.Missing : FindingTexts.Listed(names);

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
}
