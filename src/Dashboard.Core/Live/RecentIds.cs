using Dashboard.Core.Events;

namespace Dashboard.Core.Live;

/// <summary>
/// The identities of the last N events (<see cref="EventIdentity"/>, or the access events' keys), to
/// make repeats no-ops: QoS 1 redelivery, webhook retries, the same event through <c>$SYS</c> and a
/// rule, or through two rules, all arrive close together. Bounded: the oldest identity is forgotten
/// when a new one comes in over capacity.
/// </summary>
internal sealed class RecentIds<T>(int capacity)
    where T : notnull
{
    private readonly HashSet<T> _seen = new(capacity);
    private readonly Queue<T> _order = new(capacity);

    /// <summary>Adds the identity; false when it was already there (a duplicate).</summary>
    public bool TryAdd(T identity)
    {
        if (!_seen.Add(identity))
        {
            return false;
        }

        _order.Enqueue(identity);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }

        return true;
    }
}
