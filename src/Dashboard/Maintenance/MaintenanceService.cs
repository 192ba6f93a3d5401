using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Core.Errors;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Dashboard.Core.Maintenance;

namespace Dashboard.Maintenance;

/// <summary>
/// Creates and ends maintenance windows: stores them (history database), audits each, and keeps the
/// in-memory <see cref="MaintenanceCalendar"/> the detector and the pages consult in step, reading the
/// windows again after every change here and (PostgreSQL) when another instance announces one. With
/// history off there is nowhere durable to keep a plan, so windows are refused (<see cref="IsAvailable"/>).
/// </summary>
internal sealed partial class MaintenanceService(
    IHistoryStore history,
    MaintenanceCalendar calendar,
    IDeviceGroups groups,
    AuditLog audit,
    TimeProvider time,
    ILogger<MaintenanceService> logger) : IHostedService, IDisposable
{
    public const string CreateAction = "maintenance-create";
    public const string EndAction = "maintenance-end";

    /// <summary>What the API and the page say when history is off.</summary>
    public const string Unavailable = "Maintenance windows are kept in the history database, and history is off (History:Provider none). Turn history on to plan maintenance.";

    /// <summary>At most this many windows in force or to come: a plan, not a way to mute the fleet for good.</summary>
    public const int MaxPlanned = 500;

    /// <summary>Windows that ended longer ago than this stay in the database (the page's past) but not in memory.</summary>
    public static readonly TimeSpan KeptInMemory = TimeSpan.FromDays(100);

    private const int MaxInMemory = 5000;

    private readonly IMaintenanceStore? _store = (history as IMaintenanceStoreOwner)?.Maintenance;
    private readonly SemaphoreSlim _reload = new(1, 1);

    public bool IsAvailable => _store is not null;

    public MaintenanceCalendar Calendar => calendar;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            await ReloadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The dashboard still starts; the windows load with the next change or notification.
            Log.LoadFailed(logger, ErrorSummary.Describe(ex));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _reload.Dispose();

    /// <summary>Checks and stores a window, then puts it in force; the errors by field when it breaks a rule.</summary>
    public async Task<(MaintenanceWindow? Window, Dictionary<string, string[]> Errors)> CreateAsync(
        string? scope, string? target, DateTimeOffset? from, DateTimeOffset? to, string? note, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var store = _store ?? throw new InvalidOperationException(Unavailable);
        var now = time.GetUtcNow();
        var errors = MaintenancePlan.Check(scope, target, from, to, note, now, groups.Current);
        if (errors.Count == 0 && calendar.All.Count(w => w.IsCurrentOrUpcomingAt(now)) >= MaxPlanned)
        {
            errors["from"] = [$"there are already {MaxPlanned} windows in force or to come; end some first"];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var planned = new MaintenanceWindow(0, MaintenancePlan.ParseScope(scope)!.Value, target!.Trim(), from!.Value, to!.Value, note!.Trim(), actor.Name, now);
        MaintenanceWindow window;
        try
        {
            window = await store.AddAsync(planned, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WriteFailed(logger, ex, planned.Describe());
            await audit.RecordAsync(new AuditEntry(now, actor.Name, actor.Role, CreateAction, planned.Describe(), "failure", "could not be stored"), cancellationToken);
            throw;
        }

        await ReloadAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry(now, actor.Name, actor.Role, CreateAction, window.Describe(), "success", Detail(window)), cancellationToken);
        return (window, errors);
    }

    /// <summary>Ends a window in force or to come now; null when there is no such window, the window as it stands when it was already over.</summary>
    public async Task<(MaintenanceWindow? Window, bool Ended)> EndAsync(long id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var store = _store ?? throw new InvalidOperationException(Unavailable);
        var now = time.GetUtcNow();
        var ended = await store.EndAsync(id, now, actor.Name, cancellationToken);
        var window = await store.GetAsync(id, cancellationToken);
        if (!ended)
        {
            return (window, false);
        }

        await ReloadAsync(cancellationToken);
        await audit.RecordAsync(new AuditEntry(now, actor.Name, actor.Role, EndAction, window?.Describe() ?? $"window {id}", "success", window is null ? null : Detail(window)), cancellationToken);
        return (window, true);
    }

    /// <summary>Windows over by now, latest end first: one page of <paramref name="pageSize"/>, plus whether more follow.</summary>
    public async Task<(IReadOnlyList<MaintenanceWindow> Rows, bool More)> ListPastAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return ([], false);
        }

        var rows = await _store.ListPastAsync(time.GetUtcNow(), (page - 1) * pageSize, pageSize + 1, cancellationToken);
        return (rows.Take(pageSize).ToList(), rows.Count > pageSize);
    }

    /// <summary>Reads the windows again into the calendar; one reload at a time, so an older read never replaces a newer one.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            calendar.Replace(await _store.ListEndingAfterAsync(time.GetUtcNow() - KeptInMemory, MaxInMemory, cancellationToken));
        }
        finally
        {
            _reload.Release();
        }
    }

    private static string Detail(MaintenanceWindow window) =>
        $"#{window.Id} {window.From.UtcDateTime:u} to {window.EffectiveTo.UtcDateTime:u}: {window.Note}";

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the maintenance windows failed: {Error}; none is in force until the next change")]
        public static partial void LoadFailed(ILogger logger, string error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Storing the maintenance window for {Target} failed")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string target);
    }
}
