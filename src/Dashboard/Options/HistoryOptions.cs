namespace Dashboard.Options;

/// <summary>Where history will be kept. Section <c>History</c>; the store itself comes with the history feature.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>The data folder, relative to the app's content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";
}
