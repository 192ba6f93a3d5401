using System.Globalization;

namespace Dashboard.ViewModels;

/// <summary>
/// What /audit shows of the rows read: an action and an outcome (exact, any case), an actor and a
/// text in the target or detail (contained, any case), and a page of <see cref="AuditView.PageSize"/>.
/// </summary>
public sealed record AuditQuery(string? Action = null, string? Outcome = null, string? Actor = null, string? Search = null, int Page = 1)
{
    /// <summary>Longer than any stored text column (<see cref="Core.Actions.AuditEntry.MaxFieldLength"/>): a longer value is not read.</summary>
    public const int MaxTextLength = Core.Actions.AuditEntry.MaxFieldLength;

    public static readonly AuditQuery Default = new();

    public bool IsFiltered => this with { Page = 1 } != Default;
}

/// <summary>
/// The Audit page's state in its query string: <c>action</c>, <c>outcome</c>, <c>actor</c>, <c>q</c>
/// and <c>page</c>. Defaults are left out; a value that does not read falls back to its default.
/// </summary>
internal static class AuditUrl
{
    public const string ActionName = "action";
    public const string OutcomeName = "outcome";
    public const string ActorName = "actor";
    public const string SearchName = "q";
    public const string PageName = "page";

    public static AuditQuery Read(string? action, string? outcome, string? actor, string? q, string? page) => new(
        Trimmed(action),
        Trimmed(outcome),
        Trimmed(actor),
        Trimmed(q),
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : 1);

    /// <summary>The query string's values for <paramref name="query"/>: null for each default, which removes it from the URL.</summary>
    public static Dictionary<string, object?> Parameters(AuditQuery query) => new(StringComparer.Ordinal)
    {
        [ActionName] = query.Action,
        [OutcomeName] = query.Outcome,
        [ActorName] = query.Actor,
        [SearchName] = query.Search,
        [PageName] = query.Page > 1 ? query.Page.ToString(CultureInfo.InvariantCulture) : null,
    };

    /// <summary>Blank is none, spaces around are dropped; longer than any stored value is none.</summary>
    public static string? Trimmed(string? value) => UrlText.Read(value?.Trim(), AuditQuery.MaxTextLength);
}
