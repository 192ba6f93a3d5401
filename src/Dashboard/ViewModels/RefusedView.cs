using Dashboard.Components.Controls.Refresh;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ranges;
using Dashboard.Core.Reasons;
using Dashboard.Core.Refusals;
using Dashboard.History;

namespace Dashboard.ViewModels;

/// <summary>Where the refused-connections chart came from; null when nothing could answer.</summary>
public enum RefusedSource
{
    /// <summary>The in-memory counter of the last hour (history off).</summary>
    Memory,

    History,
}

/// <summary>
/// Refused connections over a range (/refused): refused connects per reason code and bucket, a row
/// per code with what it means, the top offenders by client ID, username, address and network, the
/// recent attempts (filtered) and the authorization denials. All of it is read from history, which
/// is the past: re-read when the range or the filter changes, when the frame moves (once a bucket),
/// and when the store says it accepted new access failures, but then at most every
/// <see cref="HistoryReread"/> (a refusal flood stores a batch every notifier interval); a signal
/// that comes sooner is kept for the first refresh after it. With history off, the chart and the
/// table come from the in-memory counter (<see cref="RefusalCounter"/>, the last hour), read on every
/// refresh; the lists need history and say so.
/// </summary>
public sealed class RefusedView(RefusalCounter counter, IHistoryStore history, TimeProvider time, ILogger logger)
{
    public const int OffenderLimit = 20;
    public const int AttemptLimit = 200;
    public const int DenialLimit = 100;

    /// <summary>
    /// Attempts read to list <see cref="AttemptLimit"/>: the store lists denials among them (shown in
    /// their own section) and cannot filter on a username or a kind, so the view filters these.
    /// </summary>
    public const int AttemptsRead = 1000;

    /// <summary>The least time between two history reads while the frame and filter stay: the bound on one open page's database load.</summary>
    public static readonly TimeSpan HistoryReread = TimeSpan.FromSeconds(5);

    private BucketRange? _readFor;
    private bool _stored;
    private bool _failed;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public RangeChoice Choice { get; } = new();

    public RefusedFilter Filter { get; private set; } = RefusedFilter.None;

    /// <summary>The tab of offenders on screen.</summary>
    public OffenderKey OffendersBy { get; private set; } = OffenderKey.ClientId;

    public DateTimeOffset Now { get; private set; }

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    public TimeSpan Bucket { get; private set; } = TimeSpan.FromMinutes(1);

    public RefusedSource? Source { get; private set; }

    /// <summary>Every bucket of the range, empty ones as zero, oldest first (refused connects per reason code).</summary>
    public IReadOnlyList<ReasonBucket> Buckets { get; private set; } = [];

    public IReadOnlyList<RefusedRow> Rows { get; private set; } = [];

    public long Total => Rows.Sum(r => r.Count);

    /// <summary>Per key; empty without history.</summary>
    public IReadOnlyDictionary<OffenderKey, IReadOnlyList<RefusedOffender>> Offenders { get; private set; } = new Dictionary<OffenderKey, IReadOnlyList<RefusedOffender>>();

    public IReadOnlyList<AccessEvent> Attempts { get; private set; } = [];

    /// <summary>Whether more attempts matched than are listed (or than were read).</summary>
    public bool AttemptsCapped { get; private set; }

    public IReadOnlyList<AuthorizationDenialGroup> Denials { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>Why the typed (or linked) filter was not taken, else null.</summary>
    public string? FilterProblem { get; private set; }

    /// <summary>Why the chart is empty without history (a range older than memory), else null.</summary>
    public string? ChartNotice { get; private set; }

    public bool HistoryOn => history.IsEnabled;

    /// <summary>When the in-memory counter started, if after the range's start: the memory chart covers only the time since.</summary>
    public DateTimeOffset? MemorySince => Source == RefusedSource.Memory && counter.Since > From ? counter.Since : null;

    public IReadOnlyList<RefusedOffender> OffendersShown => Offenders.GetValueOrDefault(OffendersBy) ?? [];

    /// <summary>Takes the typed range; false, with a message, for a range that does not end after it starts.</summary>
    public bool ApplyCustomRange()
    {
        Error = Choice.ApplyCustom();
        return Error is null;
    }

    /// <summary>Shows what the page's URL says (<see cref="RefusedUrl"/>), with <paramref name="problem"/> for a value it could not take.</summary>
    public void Show(RefusedState state, string? problem)
    {
        Choice.Show(state.Range);
        (Filter, OffendersBy, FilterProblem) = (state.Filter, state.Tab, problem);
    }

    /// <summary>The filter with the values typed in the inputs (the username and kind kept); null, with a message, when a value cannot be one.</summary>
    public RefusedFilter? Typed(string? reasonCode, string? clientId, string? ip)
    {
        var filter = RefusedFilter.Read(reasonCode, clientId, ip, out var problem);
        FilterProblem = problem;
        return filter is null ? null : filter with { Username = Filter.Username, Kind = Filter.Kind, Group = Filter.Group };
    }

    /// <summary>Reads the range (see the class summary for what is read when).</summary>
    public async Task ReadAsync(LiveTriggers why, CancellationToken cancellationToken)
    {
        _stored |= why.HasFlag(LiveTriggers.Stored);
        Now = time.GetUtcNow();
        var range = Choice.Range.Buckets(Now);
        if (!history.IsEnabled)
        {
            ReadMemory(range);
            return;
        }

        var due = why.HasFlag(LiveTriggers.Reload) || range != _readFor || ((_stored || _failed) && Now - _readAt >= HistoryReread);
        if (!due)
        {
            return;
        }

        // Cleared before the read: a signal that comes during it is for the next one. A cancelled read keeps it.
        var wasStored = _stored;
        _stored = false;
        try
        {
            await ReadHistoryAsync(range, cancellationToken);
            (Error, _failed) = (null, false);
        }
        catch (OperationCanceledException)
        {
            _stored |= wasStored;
            throw;
        }
        catch (Exception ex)
        {
            (Error, _failed) = (HistoryReadError.Report(logger, history, ex), true);
        }

        (_readFor, _readAt) = (range, Now);
    }

    private void ReadMemory(BucketRange range)
    {
        (From, To, Bucket) = (range.From, range.To, range.Bucket);
        if (range.From >= counter.OldestAt(Now) && range.Bucket.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            Buckets = range.Fill(counter.Query(range.From, range.To, range.Bucket));
            (Source, ChartNotice) = (RefusedSource.Memory, null);
        }
        else
        {
            Buckets = range.Fill([]);
            (Source, ChartNotice) = (null, "History is off, and memory keeps only the last hour of refused connects: choose 15m or 1h, or set History:Provider to sqlite or postgres.");
        }

        Rows = RefusedRow.Build(Buckets);
    }

    private async Task ReadHistoryAsync(BucketRange range, CancellationToken cancellationToken)
    {
        var (from, to) = (range.From, range.To);
        var stored = await history.GetRefusedBucketsAsync(from, to, range.Bucket, Filter.Group, cancellationToken);
        var buckets = range.Fill(stored.Select(b => new ReasonBucket(b.Start, b.Counts, 0)));

        var offenders = new Dictionary<OffenderKey, IReadOnlyList<RefusedOffender>>();
        foreach (var by in Enum.GetValues<OffenderKey>())
        {
            offenders[by] = await history.GetRefusedOffendersAsync(by, from, to, OffenderLimit, Filter.Group, cancellationToken);
        }

        var filter = new AccessFailureFilter(from, to, AttemptsRead) { ReasonCode = Filter.ReasonCode, ClientId = Filter.ClientId, Peer = Filter.Peer, Group = Filter.Group };
        var read = await history.GetAccessFailuresAsync(filter, cancellationToken);
        var attempts = read
            .Select(f => f.Event)
            .Where(e => e.Kind != AccessEventKind.Authorization
                && (Filter.Username is null || string.Equals(e.Username, Filter.Username, StringComparison.Ordinal))
                && (Filter.Kind is null || e.Kind == Filter.Kind))
            .ToList();
        var denials = await history.GetAuthorizationDenialsAsync(from, to, DenialLimit, Filter.Group, cancellationToken);

        // Shown together, once every read succeeded: a page never mixes two ranges.
        (From, To, Bucket, Source, ChartNotice) = (from, to, range.Bucket, RefusedSource.History, null);
        (Buckets, Rows, Offenders, Denials) = (buckets, RefusedRow.Build(buckets), offenders, denials);
        Attempts = attempts.Take(AttemptLimit).ToList();
        AttemptsCapped = attempts.Count > AttemptLimit || read.Count >= AttemptsRead;
    }
}
