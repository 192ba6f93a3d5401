using Dashboard.Core.Groups;

namespace Dashboard.Core.Maintenance;

/// <summary>
/// The maintenance windows in memory, as the dashboard's store last gave them (<see cref="Replace"/>).
/// <see cref="IsPlanned"/> runs on every disconnect on the pipeline thread, so it reads an immutable
/// snapshot without a lock or I/O: a few time comparisons per window, and a glob or group match only
/// for the windows in force. A window of scope group asks <see cref="IDeviceGroups"/> at the moment
/// asked, so a group redefined during a window covers its new members from then on.
/// </summary>
public sealed class MaintenanceCalendar(IDeviceGroups groups) : IMaintenanceCalendar
{
    private Snapshot _snapshot = Snapshot.Empty;

    public event Action? Changed;

    /// <summary>Every window known, oldest start first (a copy).</summary>
    public IReadOnlyList<MaintenanceWindow> All => _snapshot.Windows;

    /// <summary>Puts these windows in force instead of the previous ones, then raises <see cref="Changed"/>.</summary>
    public void Replace(IEnumerable<MaintenanceWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Volatile.Write(ref _snapshot, new Snapshot(windows));
        Changed?.Invoke();
    }

    public bool IsPlanned(string clientId, string? username, string? ip, DateTimeOffset at)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var windows = snapshot.Windows;
        GroupMatcher? matcher = null;
        for (int i = 0; i < windows.Length; i++)
        {
            var window = windows[i];
            if (!window.IsActiveAt(at))
            {
                continue;
            }

            if (window.Scope == MaintenanceScope.ClientIdPattern)
            {
                if (snapshot.Patterns[i]?.IsMatch(clientId) == true)
                {
                    return true;
                }
            }
            else if ((matcher ??= groups.Current).IsIn(window.Target, clientId, username, ip))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<MaintenanceWindow> Overlapping(DateTimeOffset rangeStart, DateTimeOffset rangeEnd) =>
        [.. Volatile.Read(ref _snapshot).Windows.Where(w => w.From < w.EffectiveTo && w.From < rangeEnd && rangeStart < w.EffectiveTo)];

    /// <summary>Windows in force at <paramref name="at"/>, soonest end first.</summary>
    public IReadOnlyList<MaintenanceWindow> InForce(DateTimeOffset at) =>
        [.. Volatile.Read(ref _snapshot).Windows.Where(w => w.IsActiveAt(at)).OrderBy(w => w.EffectiveTo)];

    /// <summary>Windows that start after <paramref name="at"/> and were not called off, soonest first.</summary>
    public IReadOnlyList<MaintenanceWindow> Upcoming(DateTimeOffset at) =>
        [.. Volatile.Read(ref _snapshot).Windows.Where(w => w.From > at && w.From < w.EffectiveTo)];

    /// <summary>The windows sorted by start, with each pattern parsed once rather than per disconnect.</summary>
    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = new([]);

        public Snapshot(IEnumerable<MaintenanceWindow> windows)
        {
            Windows = [.. windows.OrderBy(w => w.From).ThenBy(w => w.Id)];
            Patterns = [.. Windows.Select(w => w.Scope == MaintenanceScope.ClientIdPattern ? GlobPattern.TryParse(w.Target, out _) : null)];
        }

        public MaintenanceWindow[] Windows { get; }

        public GlobPattern?[] Patterns { get; }
    }
}
