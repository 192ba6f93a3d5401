using Dashboard.Components.Controls;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.History;
using Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// Why clients disconnect over a range: the stacked chart, a table of every reason with its
/// share, its trend against the previous equal range, and what it means; clicking a reason lists
/// the clients behind it (from history). Ranges inside the live window are read from memory and
/// follow every live change; older ones come from history and are re-read at most every 30 s.
/// </summary>
public sealed partial class Reasons
{
    internal const int ClientLimit = 100;

    /// <summary>The range choices; the bucket follows from the span (<see cref="BucketRange.DefaultBucket"/>).</summary>
    internal static readonly IReadOnlyList<RangePreset> Ranges = [RangePreset.FifteenMinutes, RangePreset.Hour, RangePreset.Day, RangePreset.Week];

    private static readonly TimeSpan TimerPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HistoryRefresh = TimeSpan.FromSeconds(30);

    private TimeRange _range = TimeRange.Last(RangePreset.Hour);

    // A custom range, as typed into the two inputs (UTC); used while _custom is set.
    private bool _custom;
    private DateTime? _customFrom;
    private DateTime? _customTo;
    private DateTimeOffset _now;
    private DateTimeOffset _from;
    private DateTimeOffset _to;
    private TimeSpan _bucket = TimeSpan.FromMinutes(1);
    private ReasonSeriesSource? _source;
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private IReadOnlyList<ReasonBucket> _buckets = [];
    private IReadOnlyList<ReasonRow> _rows = [];
    private string? _selected;
    private IReadOnlyList<ReasonClient>? _clients;
    private DateTimeOffset _clientsLoadedAt = DateTimeOffset.MinValue;
    private (DateTimeOffset From, TimeSpan Span)? _previousFor;
    private IReadOnlyDictionary<string, long>? _previous;
    private string? _error;
    private IReadOnlyList<ReasonsChartData.ActivitySeries> _activity = [];
    private object? _activityOptions;
    private (DateTimeOffset, DateTimeOffset, bool)? _activityOptionsFor;

    [Inject]
    public required LiveState LiveState { get; init; }

    [Inject]
    public required ILogger<Reasons> Logger { get; init; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    protected override TimeSpan? TickPeriod => TimerPeriod;

    protected override async Task ReadStateAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        // History ranges are mostly the past: re-reading them on every event would only load the database.
        if (why != LiveTriggers.Reload && _source == ReasonSeriesSource.History && Time.GetUtcNow() - _loadedAt < HistoryRefresh)
        {
            return;
        }

        await ReadSeriesAsync(cancellationToken);
    }

    private async Task SelectRangeAsync(RangePreset range)
    {
        _custom = false;
        _range = TimeRange.Last(range);
        _selected = null;
        _clients = null;
        await LoadAsync();
    }

    /// <summary>Shows the custom-range inputs, starting from the range on screen.</summary>
    private void EditCustomRange()
    {
        _customFrom ??= _from.UtcDateTime;
        _customTo ??= _to.UtcDateTime;
        _custom = true;
    }

    /// <summary>Applies the typed range; a range that ends before it starts is refused with a message.</summary>
    private async Task ApplyCustomRangeAsync()
    {
        if (_customFrom is not { } from || _customTo is not { } to || from >= to)
        {
            _error = "Choose a start before the end for the custom range.";
            return;
        }

        _range = TimeRange.Between(AsUtc(from), AsUtc(to));
        _selected = null;
        _clients = null;
        await LoadAsync();
    }

    private async Task SelectReasonAsync(string reason)
    {
        _selected = reason == _selected ? null : reason;
        _clients = null;
        await LoadClientsAsync(ReadCancellation);
    }

    /// <summary>A bar in the chart was clicked: show its reason's clients (a second click keeps them, unlike a row).</summary>
    private async Task ShowReasonAsync(string reason)
    {
        if (reason != _selected)
        {
            await SelectReasonAsync(reason);
        }
    }

    /// <summary>A new range: read everything again, superseding reads in progress.</summary>
    private Task LoadAsync() => ReloadAsync();

    private async Task ReadSeriesAsync(CancellationToken token)
    {
        _now = Time.GetUtcNow();

        // A preset's axis ends at the end of the current bucket, so the chart's frame moves once a
        // bucket; a custom range is fixed in time and shows exactly its span.
        var range = _range.Buckets(_now);
        (_from, _to, _bucket) = (range.From, range.To, range.Bucket);
        try
        {
            var series = await ReasonSeries.GetAsync(LiveState, History, range, token);
            if (series is null)
            {
                (_buckets, _rows, _source) = ([], [], null);
                SetActivity();
                _error = "This range is older than the live window and history is off: set History:Provider to sqlite or postgres to see it.";
                return;
            }

            _buckets = series.Buckets;
            _source = series.Source;
            SetActivity();
            _rows = ReasonRows.Build(series.Buckets, await PreviousTotalsAsync(token));
            _error = null;
            _loadedAt = _now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && History.IsEnabled)
        {
            _error = HistoryReadError.Report(Logger, History, ex);
        }

        // The client list comes from history: on live refreshes it is re-read at most every 30 s.
        if (_selected is not null && _now - _clientsLoadedAt >= HistoryRefresh)
        {
            await LoadClientsAsync(token);
        }
    }

    /// <summary>Connects and online for the companion chart; options rebuilt only when the frame changes.</summary>
    private void SetActivity()
    {
        _activity = ReasonsChartData.ActivityOf(_buckets);
        var key = (_from, _to, _activity.Count > 1);
        if (_activityOptionsFor != key)
        {
            _activityOptionsFor = key;
            _activityOptions = ReasonsChartData.ActivityOptionsFor(_from, _to, key.Item3);
        }
    }

    /// <summary>Totals of the equal range just before this one, for the trend; null when neither memory nor history has it.</summary>
    /// <remarks>Kept until the range moves on a bucket: the previous range is the past, and a live page refreshes often.</remarks>
    private async Task<IReadOnlyDictionary<string, long>?> PreviousTotalsAsync(CancellationToken token)
    {
        var span = _to - _from;
        var key = (_from, span);
        if (_previousFor == key)
        {
            return _previous;
        }

        var previousFrom = _from - span;

        // Memory only when it saw all of the previous range: "new" for every reason after a restart would mislead.
        _previous = previousFrom >= LiveState.ReasonsCompleteSince && ReasonSeries.InMemory(LiveState, History, previousFrom, _bucket)
            ? ReasonRows.Totals(LiveState.GetReasonBuckets(previousFrom, _from, span))
            : !History.IsEnabled ? null : ReasonRows.Totals(await History.GetReasonBucketsAsync(previousFrom, _from, span, token));
        _previousFor = key;
        return _previous;
    }

    private static DateTimeOffset AsUtc(DateTime typed) => new(DateTime.SpecifyKind(typed, DateTimeKind.Utc));

    private async Task LoadClientsAsync(CancellationToken token)
    {
        if (_selected is not { } reason || !History.IsEnabled)
        {
            return;
        }

        try
        {
            _clients = await History.GetClientsByReasonAsync(reason, _from, _to, ClientLimit, token);
            _clientsLoadedAt = Time.GetUtcNow();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _clients = [];
            _error = HistoryReadError.Report(Logger, History, ex);
        }
    }
}
