using Dashboard.Components.Controls.Charts;
using Dashboard.Components.Controls.Refresh;
using Dashboard.Components.Pages;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.History;
using Dashboard.Live;

namespace Dashboard.ViewModels;

/// <summary>
/// Why clients disconnect over a range (/reasons): the range chosen (a preset or a custom one), its
/// series (<see cref="ReasonSeries"/>), a row per reason with its trend against the previous equal
/// range, and the clients behind the selected reason (from history), all of one device group's clients when a group is chosen. Ranges inside the live window
/// are read from memory on every refresh. What comes from history (older ranges, the client list)
/// is the past: it is re-read when the frame moves or the store says it has accepted new events,
/// and at most every <see cref="HistoryReread"/> then, since a busy fleet stores a batch every
/// notifier interval; a signal that comes sooner is kept for the first refresh after it.
/// </summary>
public sealed class ReasonsView(LiveState liveState, IHistoryStore history, TimeProvider time, ILogger logger)
{
    public const int ClientLimit = 100;

    /// <summary>The range choices; the bucket follows from the span (<see cref="BucketRange.DefaultBucket"/>).</summary>
    public static IReadOnlyList<RangePreset> Ranges => RangeChoice.Presets;

    /// <summary>
    /// The least time between two history reads while the frame stays: the bound on the database load
    /// of one open page (a week's series and a client list), also the pace at which a failed read is retried.
    /// </summary>
    public static readonly TimeSpan HistoryReread = TimeSpan.FromSeconds(10);

    private const string HistoryOffMessage = "This range is older than the live window and history is off: set History:Provider to sqlite or postgres to see it.";

    /// <summary>Memory counts reasons for the whole fleet only.</summary>
    public const string GroupNeedsHistoryMessage = "The group filter needs history (memory counts the whole fleet only): set History:Provider to sqlite or postgres to use it.";

    private (DateTimeOffset From, TimeSpan Span)? _previousFor;
    private IReadOnlyDictionary<string, long>? _previous;
    private (DateTimeOffset, DateTimeOffset, bool)? _activityOptionsFor;

    // The store accepted events since history was last read; or the last history read failed.
    private bool _stored;
    private bool _historyFailed;
    private DateTimeOffset _historyReadAt = DateTimeOffset.MinValue;

    /// <summary>The range chosen: a preset or a custom one (the range picker's state).</summary>
    public RangeChoice Choice { get; } = new();

    public TimeRange Range => Choice.Range;

    /// <summary>Whether the custom-range inputs show (and a preset is not highlighted).</summary>
    public bool Custom => Choice.Custom;

    /// <summary>The custom range's start as typed (UTC).</summary>
    public DateTime? CustomFrom
    {
        get => Choice.CustomFrom;
        set => Choice.CustomFrom = value;
    }

    /// <summary>The custom range's end as typed (UTC).</summary>
    public DateTime? CustomTo
    {
        get => Choice.CustomTo;
        set => Choice.CustomTo = value;
    }

    public DateTimeOffset Now { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    public TimeSpan Bucket { get; private set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the series came from; null when nothing could answer.</summary>
    public ReasonSeriesSource? Source { get; private set; }

    public IReadOnlyList<ReasonBucket> Buckets { get; private set; } = [];

    public IReadOnlyList<ReasonRow> Rows { get; private set; } = [];

    public string? Selected { get; private set; }

    /// <summary>The selected reason's clients; null while they load.</summary>
    public IReadOnlyList<ReasonClient>? Clients { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<ReasonsChartData.ActivitySeries> Activity { get; private set; } = [];

    public object? ActivityOptions { get; private set; }

    public bool HistoryOn => history.IsEnabled;

    /// <summary>The device group the chart and table are narrowed to (from history only), or null for the whole fleet.</summary>
    public GroupFilter? Group { get; private set; }

    /// <summary>
    /// Shows what the page's URL says (<see cref="ReasonsUrl"/>); the page then reads it all again. The
    /// clients listed are dropped when the range or the reason changed: they were of the old one.
    /// </summary>
    public void Show(ReasonsState state)
    {
        if (state.Range != Range || state.Reason != Selected)
        {
            Clients = null;
        }

        if (state.Group != Group)
        {
            // The previous range's totals and the clients listed were of the other group (or the fleet).
            _previousFor = default;
            Clients = null;
            Group = state.Group;
        }

        Choice.Show(state.Range);
        Selected = state.Reason;
    }

    public void SelectRange(RangePreset range)
    {
        Choice.Select(range);
        ClearSelection();
    }

    /// <summary>Shows the custom-range inputs, starting from the range on screen.</summary>
    public void EditCustomRange() => Choice.EditCustom(From, To);

    /// <summary>Takes the typed range; false, with a message, for a range that does not end after it starts.</summary>
    public bool ApplyCustomRange()
    {
        if (Choice.ApplyCustom() is { } problem)
        {
            Error = problem;
            return false;
        }

        ClearSelection();
        return true;
    }

    /// <summary>The range picker chose a preset: the selected reason's clients were of the old range.</summary>
    public void RangeChanged() => ClearSelection();

    /// <summary>A row was clicked: lists its reason's clients, or hides them on a second click.</summary>
    public async Task SelectReasonAsync(string reason, CancellationToken cancellationToken)
    {
        Selected = reason == Selected ? null : reason;
        Clients = null;
        await LoadClientsAsync(cancellationToken);
    }

    /// <summary>A bar in the chart was clicked: shows its reason's clients (a second click keeps them, unlike a row).</summary>
    public async Task ShowReasonAsync(string reason, CancellationToken cancellationToken)
    {
        if (reason != Selected)
        {
            await SelectReasonAsync(reason, cancellationToken);
        }
    }

    /// <summary>Reads the range for the given reasons (see the class summary for what is read when).</summary>
    public async Task ReadAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _stored |= why.HasFlag(LiveTriggers.Stored);
        var now = time.GetUtcNow();

        // A preset's axis ends at the end of the current bucket, so the chart's frame moves once a
        // bucket; a custom range is fixed in time and shows exactly its span.
        var range = Range.Buckets(now);
        var historyDue = why.HasFlag(LiveTriggers.Reload)
            || (range.From, range.To, range.Bucket) != (From, To, Bucket)
            || ((_stored || _historyFailed) && now - _historyReadAt >= HistoryReread);
        if (!historyDue && history.IsEnabled && (Group is not null || !ReasonSeries.InMemory(liveState, history, range.From, range.Bucket)))
        {
            return;
        }

        Now = now;
        (From, To, Bucket) = (range.From, range.To, range.Bucket);
        var failed = !await ReadSeriesAsync(range, cancellationToken);
        if (historyDue)
        {
            failed |= !await LoadClientsAsync(cancellationToken);
            (_stored, _historyFailed, _historyReadAt) = (false, failed, now);
        }
    }

    /// <summary>False when history failed (the error says so).</summary>
    private async Task<bool> ReadSeriesAsync(BucketRange range, CancellationToken cancellationToken)
    {
        try
        {
            var series = Group is null ? await ReasonSeries.GetAsync(liveState, history, range, cancellationToken) : await GroupSeriesAsync(range, Group, cancellationToken);
            if (series is null)
            {
                (Buckets, Rows, Source) = ([], [], null);
                SetActivity();
                Error = Group is null ? HistoryOffMessage : GroupNeedsHistoryMessage;
                return true;
            }

            Buckets = series.Buckets;
            Source = series.Source;
            SetActivity();
            Rows = ReasonRows.Build(series.Buckets, await PreviousTotalsAsync(cancellationToken));
            Error = null;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && history.IsEnabled)
        {
            Error = HistoryReadError.Report(logger, history, ex);
            return false;
        }
    }

    /// <summary>One group's reasons, always from history (as <c>/api/reasons?group=</c>); null with history off.</summary>
    private async Task<ReasonSeriesResult?> GroupSeriesAsync(BucketRange range, GroupFilter group, CancellationToken cancellationToken) =>
        history.IsEnabled && history is IGroupHistory grouped
            ? new ReasonSeriesResult(range.From, range.To, range.Bucket, ReasonSeriesSource.History, range.Fill(await grouped.GetReasonBucketsAsync(range.From, range.To, range.Bucket, group, cancellationToken)))
            : null;

    /// <summary>Connects and online for the companion chart; options rebuilt only when the frame changes.</summary>
    private void SetActivity()
    {
        Activity = ReasonsChartData.ActivityOf(Buckets);
        var key = (From, To, Activity.Count > 1);
        if (_activityOptionsFor != key)
        {
            _activityOptionsFor = key;
            ActivityOptions = ReasonsChartData.ActivityOptionsFor(From, To, key.Item3);
        }
    }

    /// <summary>Totals of the equal range just before this one, for the trend; null when neither memory nor history has it.</summary>
    /// <remarks>Kept until the range moves on a bucket: the previous range is the past, and a live page refreshes often.</remarks>
    private async Task<IReadOnlyDictionary<string, long>?> PreviousTotalsAsync(CancellationToken cancellationToken)
    {
        var span = To - From;
        var key = (From, span);
        if (_previousFor == key)
        {
            return _previous;
        }

        var previousFrom = From - span;
        if (Group is not null)
        {
            _previous = history is IGroupHistory grouped ? ReasonRows.Totals(await grouped.GetReasonBucketsAsync(previousFrom, From, span, Group, cancellationToken)) : null;
            _previousFor = key;
            return _previous;
        }

        // Memory only when it saw all of the previous range: "new" for every reason after a restart would mislead.
        _previous = previousFrom >= liveState.ReasonsCompleteSince && ReasonSeries.InMemory(liveState, history, previousFrom, Bucket)
            ? ReasonRows.Totals(liveState.GetReasonBuckets(previousFrom, From, span))
            : !history.IsEnabled ? null : ReasonRows.Totals(await history.GetReasonBucketsAsync(previousFrom, From, span, cancellationToken));
        _previousFor = key;
        return _previous;
    }

    /// <summary>The selected reason's clients in the range; false when history failed (the error says so).</summary>
    private async Task<bool> LoadClientsAsync(CancellationToken cancellationToken)
    {
        if (Selected is not { } reason || !history.IsEnabled)
        {
            return true;
        }

        try
        {
            Clients = await history.GetClientsByReasonAsync(reason, From, To, ClientLimit, Group, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Clients = [];
            Error = HistoryReadError.Report(logger, history, ex);
            return false;
        }
    }

    private void ClearSelection()
    {
        Selected = null;
        Clients = null;
    }
}
