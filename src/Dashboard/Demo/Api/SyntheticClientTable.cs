using System.Globalization;
using Dashboard.Core.Emqx;

namespace Dashboard.Demo.Api;

/// <summary>
/// Generated clients for tests and the bench: <c>device-0000000</c> … computed from their index, so a
/// million rows cost nothing until a page asks for them. Clients can be added and removed one by one,
/// a page can be made slow, one client's queue figures can be set (the dashboard's own), and every
/// kick received is recorded (and removes the client, as a kick at EMQX ends the session).
/// The cursor is the position in the table; removed positions are skipped.
/// </summary>
internal sealed class SyntheticClientTable : IDemoClientTable
{
    /// <summary>What EMQX 5.8 reports for a session with default zone settings.</summary>
    public static SessionQueueFigures DefaultQueue { get; } = new(0, 1000, 0, 0, 32);

    private const int IndexDigits = 7;

    private readonly Lock _lock = new();
    private readonly long _generated;
    private readonly string _prefix;
    private readonly DateTimeOffset _firstConnectedAt;
    private readonly SortedSet<long> _removed = [];
    private readonly List<DemoClient> _added = [];
    private readonly Dictionary<string, long> _addedPositions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionQueueFigures> _queues = new(StringComparer.Ordinal);
    private readonly List<string> _kicks = [];

    /// <param name="count">Generated clients, at most 9,999,999.</param>
    /// <param name="firstConnectedAt">The connect time of client 0; client <c>i</c> connected <c>i</c> ms later.</param>
    /// <param name="prefix">The generated client IDs' prefix.</param>
    public SyntheticClientTable(long count, DateTimeOffset firstConnectedAt, string prefix = "device-")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 9_999_999);
        _generated = count;
        _prefix = prefix;
        _firstConnectedAt = firstConnectedAt;
    }

    /// <summary>A delay before each listing page is answered, to make a slow listing.</summary>
    public TimeSpan PageDelay { get; set; }

    /// <summary>Clients in the table now.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return PhysicalCount - _removed.Count;
            }
        }
    }

    /// <summary>Every client ID a kick was asked for (DELETE and bulk), in order, known or not.</summary>
    public IReadOnlyList<string> KicksReceived
    {
        get
        {
            lock (_lock)
            {
                return [.. _kicks];
            }
        }
    }

    private long PhysicalCount => _generated + _added.Count;

    /// <summary>The ID of generated client <paramref name="index"/>.</summary>
    public string IdAt(long index) => _prefix + index.ToString("D" + IndexDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Adds a client; false when one with its ID is already in the table.</summary>
    public bool Add(DemoClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_lock)
        {
            if (PositionOf(client.ClientId) is not null)
            {
                return false;
            }

            _addedPositions[client.ClientId] = PhysicalCount;
            _added.Add(client);
            return true;
        }
    }

    /// <summary>Removes a client without a kick (it left, and the event about it was lost); false when unknown.</summary>
    public bool Remove(string clientId)
    {
        lock (_lock)
        {
            if (PositionOf(clientId) is not { } position)
            {
                return false;
            }

            _removed.Add(position);
            _addedPositions.Remove(clientId);
            return true;
        }
    }

    /// <summary>Sets the queue figures <c>GET clients/{clientid}</c> reports for one client.</summary>
    public void SetQueue(string clientId, SessionQueueFigures figures)
    {
        lock (_lock)
        {
            _queues[clientId] = figures;
        }
    }

    public async ValueTask<DemoClientListing?> ListAfterAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        long start = 0;
        if (cursor is not null && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
        {
            return null;
        }

        lock (_lock)
        {
            if (start > PhysicalCount)
            {
                return null;
            }

            var (rows, next) = Collect(start, limit);
            var following = NextPresent(next);
            return new DemoClientListing(rows, following?.ToString(CultureInfo.InvariantCulture), PhysicalCount - _removed.Count, following is not null);
        }
    }

    public async ValueTask<DemoClientListing> ListPageAsync(int page, int limit, CancellationToken cancellationToken)
    {
        await DelayAsync(cancellationToken);
        lock (_lock)
        {
            var offset = (long)(page - 1) * limit;
            var total = PhysicalCount - _removed.Count;
            if (offset >= total)
            {
                return new DemoClientListing([], null, total, false);
            }

            // The offset counts present rows: step over the removed positions before it.
            var position = offset;
            foreach (var removed in _removed)
            {
                if (removed > position)
                {
                    break;
                }

                position++;
            }

            var (rows, _) = Collect(position, limit);
            return new DemoClientListing(rows, null, total, offset + rows.Count < total);
        }
    }

    public DemoClient? Find(string clientId)
    {
        lock (_lock)
        {
            return PositionOf(clientId) is { } position ? At(position) : null;
        }
    }

    public ValueTask<SessionQueueFigures> GetQueueAsync(string clientId)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_queues.GetValueOrDefault(clientId, DefaultQueue));
        }
    }

    public Task<bool> KickAsync(string clientId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _kicks.Add(clientId);
        }

        return Task.FromResult(Remove(clientId));
    }

    private Task DelayAsync(CancellationToken cancellationToken) =>
        PageDelay > TimeSpan.Zero ? Task.Delay(PageDelay, cancellationToken) : Task.CompletedTask;

    /// <summary>Up to <paramref name="limit"/> present rows from <paramref name="start"/>; and the position after the last one looked at.</summary>
    private (List<DemoClient> Rows, long Next) Collect(long start, int limit)
    {
        var rows = new List<DemoClient>(Math.Min(limit, 1024));
        var position = start;
        for (; position < PhysicalCount && rows.Count < limit; position++)
        {
            if (!_removed.Contains(position))
            {
                rows.Add(At(position));
            }
        }

        return (rows, position);
    }

    private long? NextPresent(long position)
    {
        for (; position < PhysicalCount; position++)
        {
            if (!_removed.Contains(position))
            {
                return position;
            }
        }

        return null;
    }

    private long? PositionOf(string clientId)
    {
        if (_addedPositions.TryGetValue(clientId, out var added))
        {
            return added;
        }

        if (clientId.Length == _prefix.Length + IndexDigits
            && clientId.StartsWith(_prefix, StringComparison.Ordinal)
            && long.TryParse(clientId.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < _generated
            && !_removed.Contains(index))
        {
            return index;
        }

        return null;
    }

    private DemoClient At(long position) => position < _generated ? Generate(position) : _added[(int)(position - _generated)];

    /// <summary>A plausible fleet: a third without a username, MQTT 5 and 3.1.1 mixed, addresses spread over 10.0.0.0/8.</summary>
    private DemoClient Generate(long index) => new(
        IdAt(index),
        index % 3 == 0 ? null : "user-" + (index % 100).ToString(CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"10.{(index >> 16) & 0xFF}.{(index >> 8) & 0xFF}.{index & 0xFF}"),
        (int)(10_000 + (index % 50_000)),
        _firstConnectedAt.AddMilliseconds(index),
        60,
        true,
        0,
        index % 2 == 0 ? 5 : 4);
}
