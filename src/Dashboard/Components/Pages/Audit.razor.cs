using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Components.Controls.Formatting;
using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The audit log of the last <see cref="AuditApi.DefaultSpan"/>, newest first (<see cref="AuditView"/>),
/// live: rows appended here or by another instance show without a click. Its filters and page are the
/// URL's query (<see cref="AuditUrl"/>): a choice navigates (typing replaces the entry), and the page
/// shows whatever its URL says, so a pasted link, back and forward all open the same rows.
/// </summary>
public sealed partial class Audit
{
    /// <summary>The select's value for "any": no action or outcome is empty.</summary>
    private const string All = "";

    // A burst of rows (a reconcile, another instance's actions) makes one read, not one each.
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _closed = new();
    private AuditView _view = null!;
    private bool _read;
    private int _readQueued;

    [Inject]
    internal AuditLog AuditLog { get; init; } = null!;

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = AuditUrl.ActionName)]
    public string? ActionParameter { get; set; }

    [SupplyParameterFromQuery(Name = AuditUrl.OutcomeName)]
    public string? OutcomeParameter { get; set; }

    [SupplyParameterFromQuery(Name = AuditUrl.ActorName)]
    public string? ActorParameter { get; set; }

    [SupplyParameterFromQuery(Name = AuditUrl.SearchName)]
    public string? SearchParameter { get; set; }

    [SupplyParameterFromQuery(Name = AuditUrl.PageName)]
    public string? PageParameter { get; set; }

    private string CountText =>
        $"{DisplayFormat.Number(_view.Matching)}{(_view.Query.IsFiltered ? $" of {DisplayFormat.Number(_view.Read)}" : null)} rows, newest first, "
        + $"last {(int)AuditApi.DefaultSpan.TotalDays} days{(_view.Capped ? $" (the newest {DisplayFormat.Number(AuditLog.MaxRows)})" : null)}";

    protected override void OnInitialized()
    {
        _view = new AuditView(AuditLog, Time);
        AuditLog.Appended += OnAppended;
    }

    /// <summary>The URL is the view: the rows are read once, then every URL filters and pages them.</summary>
    protected override async Task OnParametersSetAsync()
    {
        _view.Show(AuditUrl.Read(ActionParameter, OutcomeParameter, ActorParameter, SearchParameter, PageParameter));
        if (!_read)
        {
            _read = true;
            await ReadAsync();
        }
    }

    private Task ReadAsync() => _view.ReadAsync(_closed.Token);

    /// <summary>Shows <paramref name="query"/> by navigating to its URL: a new history entry, or the same one for typed text.</summary>
    private void Go(AuditQuery query, bool replace = false)
    {
        if (query != _view.Query)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(AuditUrl.Parameters(query)), replace: replace);
        }
    }

    // Live: a row appended here or, on PostgreSQL, by another instance shows without a click.
    private void OnAppended()
    {
        if (Interlocked.Exchange(ref _readQueued, 1) == 0)
        {
            _ = ReadSoonAsync();
        }
    }

    private async Task ReadSoonAsync()
    {
        try
        {
            await Task.Delay(Throttle, Time, _closed.Token);
            Volatile.Write(ref _readQueued, 0);
            await InvokeAsync(async () =>
            {
                await ReadAsync();
                StateHasChanged();
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The page was closed meanwhile.
        }
    }

    public void Dispose()
    {
        AuditLog.Appended -= OnAppended;
        _closed.Cancel();
        _closed.Dispose();
    }
}
