using Dashboard.Components.Controls;
using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Components.Pages;

/// <summary>The summary's wording, kept out of the markup.</summary>
public sealed partial class ClientDetail
{
    private const int PortsShown = 6;

    /// <summary>The legend shows only the groups present on the chart, in a fixed order.</summary>
    private IEnumerable<SessionEndGroup> LegendGroups =>
        _view.Sessions.Select(s => SessionEndings.GroupOf(s.Ending)).Distinct().Order();

    /// <summary>The three most frequent disconnect reasons, e.g. "takenover 12 · tcp_closed 3".</summary>
    private string ReasonsText
    {
        get
        {
            var top = _view.Events
                .Where(e => e.Kind == ConnectionEventKind.Disconnected)
                .GroupBy(e => e.Reason ?? SessionTimeline.NoReason, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(3)
                .Select(g => $"{g.Key} {DisplayFormat.Number(g.Count())}")
                .ToList();
            return top.Count == 0 ? "none in range" : string.Join(" · ", top);
        }
    }

    private string UsernamesText => _view.Summary is { Usernames.Count: > 0 } summary
        ? string.Join(", ", summary.Usernames.Select(u => u.Username))
        : "no username seen";

    private static string PortsText(PeerSeen peer) => peer.Ports.Count switch
    {
        0 => DisplayFormat.Missing,
        <= PortsShown => string.Join(", ", peer.Ports),
        _ => $"{string.Join(", ", peer.Ports.Take(PortsShown))} … ({peer.Ports.Count} ports)",
    };
}
