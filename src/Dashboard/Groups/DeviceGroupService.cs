using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Core.Groups;
using Dashboard.Core.History;
using Microsoft.Extensions.Options;

namespace Dashboard.Groups;

/// <summary>
/// The device groups in force: the configured ones (by Order, then name), then those admins defined at run time
/// (in creation order), kept in the history database. Every change is stored, audited, and announced to other
/// instances (on PostgreSQL, by the store's NOTIFY; <see cref="ActionNotificationListener"/> calls
/// <see cref="ReloadAsync"/> on the others). <see cref="Changed"/> fires after each new set is in force.
/// With history off only configured groups exist, and a change is refused.
/// </summary>
internal sealed partial class DeviceGroupService : IDeviceGroups, IHostedService, IDisposable
{
    public const string CreateAction = "group-create";
    public const string UpdateAction = "group-update";
    public const string DeleteAction = "group-delete";

    public const string HistoryOffMessage =
        "Groups defined at run time are kept in the history database, and history is off (History:Provider none). Define groups in configuration instead: Groups:<name>:ClientIdPattern, UsernamePattern or Cidr.";

    private readonly IReadOnlyList<DeviceGroup> _configured;
    private readonly IGroupStore? _store;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<DeviceGroupService> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private volatile Snapshot _snapshot;

    public DeviceGroupService(IOptions<GroupsOptions> options, IHistoryStore history, AuditLog audit, TimeProvider time, ILogger<DeviceGroupService> logger)
    {
        _configured = options.Value.Build([]);
        _store = history.IsEnabled && history is IGroupStoreOwner owner ? owner.Groups : null;
        _audit = audit;
        _time = time;
        _logger = logger;
        _snapshot = Build([]);
    }

    public event Action? Changed;

    public GroupMatcher Current => _snapshot.Matcher;

    /// <summary>False with history off: only configured groups, none can be defined here.</summary>
    public bool CanDefine => _store is not null;

    /// <summary>Every group in matching order.</summary>
    public IReadOnlyList<GroupView> List() => _snapshot.Views;

    public GroupView? Find(string? name) =>
        name is null ? null : _snapshot.Views.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    public Task StartAsync(CancellationToken cancellationToken) => ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _changes.Dispose();

    /// <summary>Reads the stored groups again and puts the new set in force (after a change here or on another instance).</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        _snapshot = Build(await _store.ListAsync(cancellationToken));
        Changed?.Invoke();
    }

    public Task<GroupChangeResult> CreateAsync(GroupInput input, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(CreateAction, input, actor, existing: false, cancellationToken);

    /// <summary>Changes the criteria of the run-time group named (in any case) by <paramref name="input"/>; its name stays as created.</summary>
    public Task<GroupChangeResult> UpdateAsync(GroupInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ChangeAsync(UpdateAction, input with { Name = Find(input.Name)?.Name ?? input.Name }, actor, existing: true, cancellationToken);
    }

    public async Task<GroupChangeResult> DeleteAsync(string name, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Refusal(name, existing: true) is { } refused)
        {
            return refused;
        }

        name = Find(name)?.Name ?? name;
        return await StoreAsync(DeleteAction, name, null, actor, () => _store!.RemoveAsync(name, cancellationToken), cancellationToken)
            ? new GroupChangeResult(GroupChangeOutcome.Done)
            : new GroupChangeResult(GroupChangeOutcome.NotFound);
    }

    private async Task<GroupChangeResult> ChangeAsync(string action, GroupInput input, Actor actor, bool existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var (client, username, cidr) = (GroupsOptions.Unset(input.ClientIdPattern), GroupsOptions.Unset(input.UsernamePattern), GroupsOptions.Unset(input.Cidr));
        if (DeviceGroup.TryCreate(input.Name, client, username, cidr, out var error) is not { } group)
        {
            return new GroupChangeResult(GroupChangeOutcome.Invalid, Error: error);
        }

        if (Refusal(group.Name, existing) is { } refused)
        {
            return refused;
        }

        var now = _time.GetUtcNow();
        var stored = new StoredGroup(group.Name, client, username, group.Cidr, actor.Name, now, now);
        var done = await StoreAsync(action, group.Name, Describe(stored), actor, () => existing ? _store!.UpdateAsync(stored, cancellationToken) : _store!.AddAsync(stored, cancellationToken), cancellationToken);
        return done
            ? new GroupChangeResult(GroupChangeOutcome.Done, Find(group.Name))
            : new GroupChangeResult(existing ? GroupChangeOutcome.NotFound : GroupChangeOutcome.NameTaken);
    }

    /// <summary>Why a change cannot be made at all: history off, or the name is a configured group's (or, for a new one, taken).</summary>
    private GroupChangeResult? Refusal(string name, bool existing)
    {
        if (_store is null)
        {
            return new GroupChangeResult(GroupChangeOutcome.HistoryOff);
        }

        var current = Find(name);
        return current switch
        {
            not null when !existing => new GroupChangeResult(GroupChangeOutcome.NameTaken, current),
            { Configured: true } => new GroupChangeResult(GroupChangeOutcome.Configured, current),
            _ => null,
        };
    }

    /// <summary>Runs one write, one at a time here; audits it; reloads so the new set is in force before the caller answers.</summary>
    private async Task<bool> StoreAsync(string action, string name, string? detail, Actor actor, Func<Task<bool>> write, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            bool changed;
            try
            {
                changed = await write();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.StoreFailed(_logger, ex, action, name);
                await _audit.RecordAsync(new AuditEntry(_time.GetUtcNow(), actor.Name, actor.Role, action, name, "failure", "could not be stored"), cancellationToken);
                throw;
            }

            if (changed)
            {
                await ReloadAsync(cancellationToken);
                await _audit.RecordAsync(new AuditEntry(_time.GetUtcNow(), actor.Name, actor.Role, action, name, "success", detail), cancellationToken);
            }

            return changed;
        }
        finally
        {
            _changes.Release();
        }
    }

    private Snapshot Build(IReadOnlyList<StoredGroup> stored)
    {
        var groups = new List<DeviceGroup>(_configured);
        var views = _configured.Select((g, i) => GroupView.Of(g, i + 1, null)).ToList();
        foreach (var row in stored)
        {
            if (groups.Any(g => string.Equals(g.Name, row.Name, StringComparison.OrdinalIgnoreCase)))
            {
                // Configuration gained a group of this name after it was defined here: configuration wins.
                Log.Shadowed(_logger, row.Name);
                continue;
            }

            if (DeviceGroup.TryCreate(row.Name, row.ClientIdPattern, row.UsernamePattern, row.Cidr, out var error) is not { } group)
            {
                Log.Unreadable(_logger, row.Name, error!.Field, error.Message);
                continue;
            }

            groups.Add(group);
            views.Add(GroupView.Of(group, groups.Count, row));
        }

        return new Snapshot(new GroupMatcher(groups), views);
    }

    private static string Describe(StoredGroup g) =>
        string.Join(", ", new[] { ("clientIdPattern", g.ClientIdPattern), ("usernamePattern", g.UsernamePattern), ("cidr", g.Cidr) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={p.Item2}"));

    private sealed record Snapshot(GroupMatcher Matcher, IReadOnlyList<GroupView> Views);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Storing the device group change '{Action}' on '{Name}' failed")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string action, string name);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The stored device group '{Name}' is ignored: a configured group has the same name")]
        public static partial void Shadowed(ILogger logger, string name);

        [LoggerMessage(Level = LogLevel.Warning, Message = "The stored device group '{Name}' is ignored: its {Field} {Message}")]
        public static partial void Unreadable(ILogger logger, string name, string field, string message);
    }
}
