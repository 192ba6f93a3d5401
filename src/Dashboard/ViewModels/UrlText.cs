namespace Dashboard.ViewModels;

/// <summary>How a page reads free text from its query string (a filter, a selected name).</summary>
internal static class UrlText
{
    /// <summary>
    /// The value as given (blank is none), or none when longer than <paramref name="max"/>: such a
    /// value matches nothing stored, so the view falls back to its default rather than carrying it.
    /// </summary>
    public static string? Read(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) || value.Length > max ? null : value;
}
