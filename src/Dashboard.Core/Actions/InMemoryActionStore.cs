namespace Dashboard.Core.Actions;

/// <summary>
/// The action store when history is off: acknowledgements and the audit log live in memory and are
/// lost on restart. The audit log keeps the newest <see cref="MaxAuditRows"/> rows.
/// </summary>
public sealed class InMemoryActionStore : IActionStore
{
    public const int MaxAuditRows = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Acknowledgement> _acknowledgements = new(StringComparer.Ordinal);
    private readonly LinkedList<AuditEntry> _audit = new();

    public bool IsDurable => false;

    public Task SaveAcknowledgementAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        lock (_lock)
        {
            _acknowledgements[acknowledgement.Key] = acknowledgement;
        }

        return Task.CompletedTask;
    }

    public Task<bool> RemoveAcknowledgementAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_acknowledgements.Remove(key));
        }
    }

    public Task<IReadOnlyList<Acknowledgement>> GetAcknowledgementsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Acknowledgement>>([.. _acknowledgements.Values]);
        }
    }

    public Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _audit.AddLast(entry);
            if (_audit.Count > MaxAuditRows)
            {
                _audit.RemoveFirst();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset from, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>(
                [.. _audit.Reverse().Where(e => e.At >= from && e.At < until).OrderByDescending(e => e.At).Take(limit)]);
        }
    }

    public Task<int> PruneAuditAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var pruned = 0;
            for (var node = _audit.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.At < olderThan)
                {
                    _audit.Remove(node);
                    pruned++;
                }

                node = next;
            }

            return Task.FromResult(pruned);
        }
    }
}
