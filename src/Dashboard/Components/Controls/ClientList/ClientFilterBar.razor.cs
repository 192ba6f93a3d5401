using System.Globalization;
using Dashboard.Core.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.ClientList;

/// <summary>
/// The field filters of the client list. It keeps no state of its own: it shows
/// <see cref="Filters"/> and reports a changed set through <see cref="FiltersChanged"/>, so the
/// URL stays the one place the list's state lives. Times are typed as UTC ISO 8601.
/// </summary>
public sealed partial class ClientFilterBar
{
    /// <summary>Which time box holds text that is not a time: true for "from", false for "before", null for neither.</summary>
    private bool? _badTime;

    [Parameter, EditorRequired]
    public required ClientFilters Filters { get; set; }

    [Parameter]
    public EventCallback<ClientFilters> FiltersChanged { get; set; }

    private Task ChangeAsync(ClientFilters filters) => filters == Filters ? Task.CompletedTask : FiltersChanged.InvokeAsync(filters);

    private Task ChangeTimeAsync(string? text, bool after)
    {
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                _badTime = after;
                return Task.CompletedTask;
            }

            at = parsed;
        }

        _badTime = null;
        return ChangeAsync(after ? Filters with { ConnectedAfter = at } : Filters with { ConnectedBefore = at });
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
