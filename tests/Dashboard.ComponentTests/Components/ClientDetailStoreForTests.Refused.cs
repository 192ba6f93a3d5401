using Dashboard.Core.Events;
using Dashboard.Core.History;

namespace Dashboard.Tests.Components;

/// <summary>The access failures the drill-down and the search box read, answered as the real stores do.</summary>
internal sealed partial class InMemoryHistoryStore
{
    private readonly List<StoredAccessFailure> _failures = [];
    private int _failureReads;

    /// <summary>How many access-failure lists reached the store.</summary>
    public int FailureReads => Volatile.Read(ref _failureReads);

    public void AddFailures(params AccessEvent[] failures)
    {
        lock (_lock)
        {
            foreach (var f in failures)
            {
                _failures.Add(new StoredAccessFailure(++_nextId, f));
            }
        }
    }

    public Task<int> AppendAccessFailuresAsync(IReadOnlyList<AccessEvent> failures, CancellationToken cancellationToken)
    {
        AddFailures([.. failures]);
        return Task.FromResult(failures.Count);
    }

    public Task<IReadOnlyList<StoredAccessFailure>> GetAccessFailuresAsync(AccessFailureFilter filter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _failureReads);
            if (FailWith is { } failure)
            {
                throw failure;
            }

            IReadOnlyList<StoredAccessFailure> result = _failures
                .Where(f => f.Event.EventTime >= filter.From && f.Event.EventTime < filter.Until)
                .Where(f => filter.ClientId is null || f.Event.ClientId == filter.ClientId)
                .Where(f => filter.ReasonCode is null || f.Event.ReasonCode == filter.ReasonCode)
                .OrderByDescending(f => f.Event.EventTime)
                .ThenByDescending(f => f.Id)
                .Take(Math.Min(filter.Limit, AccessFailureLimits.MaxRows))
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<string>> GetRefusedClientIdsAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FailWith is { } failure)
            {
                throw failure;
            }

            IReadOnlyList<string> result = _failures
                .Select(f => f.Event.ClientId)
                .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Take(Math.Min(limit, AccessFailureLimits.MaxClientIds))
                .ToList();
            return Task.FromResult(result);
        }
    }
}
