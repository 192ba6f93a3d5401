using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;

namespace Dashboard.ViewModels;

/// <summary>
/// The audit log's rows of the last <see cref="AuditApi.DefaultSpan"/> (at most <see cref="AuditLog.MaxRows"/>,
/// newest first), filtered and paged in memory by the page's URL (<see cref="AuditUrl"/>).
/// </summary>
internal sealed class AuditView(AuditLog audit, TimeProvider time)
{
    public const int PageSize = 50;

    private IReadOnlyList<AuditEntry> _rows = [];
    private List<AuditEntry> _matching = [];

    public AuditQuery Query { get; private set; } = AuditQuery.Default;

    /// <summary>How many rows were read (the period's newest, up to the cap).</summary>
    public int Read => _rows.Count;

    /// <summary>Whether the cap cut the period: older rows are not filtered here.</summary>
    public bool Capped => _rows.Count >= AuditLog.MaxRows;

    public int Matching => _matching.Count;

    public int PageCount => Math.Max(1, (_matching.Count + PageSize - 1) / PageSize);

    /// <summary>The page asked for, or the last one when the URL asks past it.</summary>
    public int Page => Math.Min(Query.Page, PageCount);

    public IReadOnlyList<AuditEntry> Shown => _matching.Skip((Page - 1) * PageSize).Take(PageSize).ToList();

    /// <summary>The actions of the rows read, for the filter's choices; the one asked for is among them even when no row has it.</summary>
    public IReadOnlyList<string> Actions { get; private set; } = [];

    public IReadOnlyList<string> Outcomes { get; private set; } = [];

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _rows = await audit.ReadAsync(now - AuditApi.DefaultSpan, now.AddSeconds(1), AuditLog.MaxRows, cancellationToken);
        Apply();
    }

    /// <summary>Shows what the page's URL says; the rows read stay.</summary>
    public void Show(AuditQuery query)
    {
        Query = query;
        Apply();
    }

    private void Apply()
    {
        _matching = _rows.Where(Matches).ToList();
        Actions = Choices(_rows.Select(r => r.Action), Query.Action);
        Outcomes = Choices(_rows.Select(r => r.Outcome), Query.Outcome);
    }

    private bool Matches(AuditEntry row) =>
        (Query.Action is null || string.Equals(row.Action, Query.Action, StringComparison.OrdinalIgnoreCase))
        && (Query.Outcome is null || string.Equals(row.Outcome, Query.Outcome, StringComparison.OrdinalIgnoreCase))
        && (Query.Actor is null || row.Actor.Contains(Query.Actor, StringComparison.OrdinalIgnoreCase))
        && (Query.Search is null
            || row.Target.Contains(Query.Search, StringComparison.OrdinalIgnoreCase)
            || (row.Detail?.Contains(Query.Search, StringComparison.OrdinalIgnoreCase) ?? false));

    private static List<string> Choices(IEnumerable<string> values, string? asked) =>
        [.. values.Append(asked).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];
}
