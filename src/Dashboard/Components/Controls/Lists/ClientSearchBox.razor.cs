using Dashboard.Components.Controls.Formatting;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.History;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Components.Controls.Lists;

/// <summary>
/// Jumps to a client's drill-down from any page. Suggestions: up to <see cref="MaxSuggestions"/>
/// client IDs from live state containing the text (ignoring case), exact match first, then
/// prefixes, then the rest by ID. Enter on a highlighted suggestion opens it; Enter on typed text
/// opens the drill-down when live state knows that exact ID, and otherwise the Clients page
/// searching for it (all states), which lists partial matches and offers the drill-down anyway
/// (the history may know an ID that live state has let go).
/// A client refused every time is unknown to live state, so with history on the suggestions also
/// hold client IDs that start with the text (exactly: case-sensitive) among the stored access
/// failures (<see cref="IHistoryStore.GetRefusedClientIdsAsync"/>), marked "refused", and Enter on
/// such an ID opens its drill-down.
/// </summary>
public sealed partial class ClientSearchBox
{
    public const int MaxSuggestions = 8;

    // More than are shown: the live query orders by ID, and the ranking below puts exact matches
    // and prefixes first.
    private const int CandidatePageSize = 50;

    private const string InputId = "app-client-search";
    private const string ListId = "app-client-search-list";

    private string _text = string.Empty;
    private IReadOnlyList<string> _suggestions = [];
    private HashSet<string> _refusedOnly = new(StringComparer.Ordinal);
    private int _active = -1;
    private bool _closed;
    private int _generation;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>History, or a disabled store when it is off (then it finds nothing).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<ClientSearchBox> Logger { get; init; }

    private bool Open => !_closed && _suggestions.Count > 0;

    private static string OptionId(int index) => $"{ListId}-{index}";

    /// <summary>The client IDs to offer for <paramref name="text"/>, best first.</summary>
    public static IReadOnlyList<string> Rank(IEnumerable<string> clientIds, string text) => clientIds
        .Where(id => id.Contains(text, StringComparison.OrdinalIgnoreCase))
        .OrderBy(id => id.Equals(text, StringComparison.OrdinalIgnoreCase) ? 0 : id.StartsWith(text, StringComparison.OrdinalIgnoreCase) ? 1 : 2)
        .ThenBy(id => id, StringComparer.Ordinal)
        .Take(MaxSuggestions)
        .ToList();

    /// <summary>Where Enter on typed text goes (relative to the base href); null for nothing typed.</summary>
    public static string? TargetFor(string text, Func<string, bool> isKnownClient)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // An ID may well begin or end with a space; try it as typed before trimming.
        if (isKnownClient(text))
        {
            return ClientLinks.Detail(text);
        }

        var trimmed = text.Trim();
        return isKnownClient(trimmed) ? ClientLinks.Detail(trimmed) : ClientLinks.Search(trimmed);
    }

    private async Task OnInputAsync(ChangeEventArgs args)
    {
        _text = args.Value as string ?? string.Empty;
        _active = -1;
        _closed = false;
        var generation = ++_generation;
        var text = _text.Trim();
        if (text.Length == 0)
        {
            _suggestions = [];
            return;
        }

        // Off the circuit's dispatcher: the query scans the fleet.
        var live = Task.Run(() => LiveState.QueryClients(new ClientQuery(ClientStateFilter.All, text, ClientSortField.ClientId, false, 1, CandidatePageSize, ClientIdOnly: true)));
        var refused = RefusedIdsAsync(text);
        var liveIds = (await live).Items.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        var refusedIds = await refused;
        if (generation == _generation)
        {
            // A later keystroke's answer wins; an older one arriving late is dropped.
            _refusedOnly = refusedIds.Where(id => !liveIds.Contains(id)).ToHashSet(StringComparer.Ordinal);
            _suggestions = Rank(liveIds.Concat(_refusedOnly), text);
        }
    }

    /// <summary>Client IDs only history's access failures know; none when history is off or cannot be read (the live ones still show).</summary>
    private async Task<IReadOnlyList<string>> RefusedIdsAsync(string text)
    {
        if (!History.IsEnabled)
        {
            return [];
        }

        try
        {
            return await History.GetRefusedClientIdsAsync(text, MaxSuggestions, CancellationToken.None);
        }
        catch (Exception ex)
        {
            HistoryReadError.Report(Logger, History, ex);
            return [];
        }
    }

    private void OnKeyDown(KeyboardEventArgs args)
    {
        switch (args.Key)
        {
            case "ArrowDown" when _suggestions.Count > 0:
                _closed = false;
                _active = (_active + 1) % _suggestions.Count;
                break;
            case "ArrowUp" when _suggestions.Count > 0:
                _closed = false;
                _active = _active <= 0 ? _suggestions.Count - 1 : _active - 1;
                break;
            case "Escape":
                Close();
                break;
            default:
                break;
        }
    }

    /// <summary>Back in the box: the suggestions for what is still typed there show again.</summary>
    private void Reopen() => _closed = false;

    private void Close()
    {
        _closed = true;
        _active = -1;
    }

    private void Submit()
    {
        if (Open && _active >= 0 && _active < _suggestions.Count)
        {
            Go(_suggestions[_active]);
        }
        else if (TargetFor(_text, id => LiveState.GetClient(id) is not null || _refusedOnly.Contains(id)) is { } target)
        {
            Navigate(target);
        }
    }

    private void Go(string clientId) => Navigate(ClientLinks.Detail(clientId));

    private void Navigate(string target)
    {
        _text = string.Empty;
        _suggestions = [];
        _refusedOnly.Clear();
        Close();
        Navigation.NavigateTo(target);
    }
}
