using Dashboard.Components.Controls.Formatting;
using Dashboard.Components.Controls.Lists;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Reasons;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Cards;

/// <summary>
/// Why one client cannot connect, from its access failures in the page's range: refused CONNECTs
/// per reason code (most first) with <see cref="ReasonCatalog.DescribeRefusal"/>'s meaning and
/// advice, failed authentications whose code no refusal has shown, and denials per action, topic and
/// source. Everything shown is attacker-written text, which Blazor encodes.
/// </summary>
public sealed partial class ClientRefusalsPanel
{
    private IReadOnlyList<StoredAccessFailure>? _source;
    private List<ReasonRow> _reasons = [];
    private List<DenialRow> _denials = [];
    private int _refused;
    private int _authn;

    [Parameter, EditorRequired]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client's access failures in the range, newest first.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<StoredAccessFailure> Failures { get; set; } = [];

    /// <summary>Set when the page's limit cut the list.</summary>
    [Parameter]
    public bool Truncated { get; set; }

    /// <summary>The refused-connections page filtered to one client (relative to the base href).</summary>
    public static string RefusedPageLink(string clientId) => "refused?clientId=" + Uri.EscapeDataString(clientId);

    private string CountText =>
        $"{Attempts(_refused)} refused in this range · {DisplayFormat.Number(_authn)} failed {(_authn == 1 ? "authentication" : "authentications")} · {DisplayFormat.Number(_denials.Sum(d => d.Count))} denied";

    private static string Attempts(int count) => $"{DisplayFormat.Number(count)} {(count == 1 ? "attempt" : "attempts")}";

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_source, Failures))
        {
            return;
        }

        _source = Failures;
        _refused = Failures.Count(f => f.Event.Kind == AccessEventKind.Connack);
        _authn = Failures.Count(f => f.Event.Kind == AccessEventKind.Authentication);

        // Each refused CONNECT also fails authentication with the same code: count connacks, and
        // authentications only for codes no connack shows (a connack the broker never reported).
        var refused = Failures.Where(f => f.Event.Kind == AccessEventKind.Connack).ToList();
        var codes = refused.Select(f => f.Event.ReasonCode).ToHashSet(StringComparer.Ordinal);
        _reasons = refused
            .Concat(Failures.Where(f => f.Event.Kind == AccessEventKind.Authentication && !codes.Contains(f.Event.ReasonCode)))
            .GroupBy(f => f.Event.ReasonCode ?? DisplayFormat.Missing, StringComparer.Ordinal)
            .Select(g => new ReasonRow(ReasonCatalog.DescribeRefusal(g.Key), g.Count(), g.Max(f => f.Event.EventTime)))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.Info.Reason, StringComparer.Ordinal)
            .ToList();
        _denials = Failures
            .Where(f => f.Event.Kind == AccessEventKind.Authorization)
            .GroupBy(f => (f.Event.Action, f.Event.Topic, f.Event.AuthzSource))
            .Select(g => new DenialRow(g.Key.Action, g.Key.Topic, g.Key.AuthzSource, g.Count()))
            .OrderByDescending(d => d.Count)
            .ThenBy(d => d.Topic, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record ReasonRow(ReasonInfo Info, int Count, DateTimeOffset Last);

    private sealed record DenialRow(string? Action, string? Topic, string? Source, int Count);
}
