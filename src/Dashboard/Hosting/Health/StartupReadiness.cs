namespace Dashboard.Hosting.Health;

/// <summary>
/// Set once the history store is ready and live state has been rebuilt from it (by
/// <see cref="History.HistoryStartup"/>); until then <c>/readyz</c> says the app is starting.
/// </summary>
public sealed class StartupReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
