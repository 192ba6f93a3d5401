namespace Dashboard.Options;

/// <summary>
/// Who may show <c>/wallboard</c> in a frame (some TVs and signage players show a page only that
/// way). Section <c>Wallboard</c>. Every other page, and the wallboard by default, may not be
/// framed at all.
/// </summary>
public sealed class WallboardFrameOptions
{
    public const string Section = "Wallboard";

    /// <summary>
    /// Content-Security-Policy <c>frame-ancestors</c> sources, one per item: <c>'self'</c>,
    /// <c>https://signage.example.com</c>, <c>https://*.example.com:8443</c>, <c>https:</c>.
    /// Empty (the default) means <c>'none'</c>.
    /// </summary>
    public string[] FrameAncestors { get; set; } = [];
}
