using System.Text;
using Dashboard.Core.Emqx;

namespace Dashboard.Demo.Api;

/// <summary>
/// The embedded broker's open connections, as the demo API lists them. Rows are ordered by client
/// ID and the cursor is the last ID given out (hex, alphanumeric like EMQX's base62 cursors), so a
/// listing is stable while clients come and go: one that connects during a listing appears if it
/// sorts after the cursor, and none is skipped. Kicks go
/// through <see cref="EmbeddedBroker.KickAsync"/>, so the <c>kicked</c> event follows as at EMQX.
/// </summary>
internal sealed class BrokerClientTable(EmbeddedBroker broker, TimeProvider time) : IDemoClientTable
{
    /// <summary>EMQX 5.8's defaults for a session (<c>mqtt.max_mqueue_len</c>, <c>mqtt.max_inflight</c>).</summary>
    private const long MqueueMax = 1000;
    private const long InflightMax = 32;

    /// <summary>At most 3 UTF-8 bytes a char, 2 hex digits a byte: a cursor stays within the demo API's 4,096.</summary>
    private const int MaxCursorChars = 600;

    public long Count => broker.OpenConnectionCount;

    public ValueTask<DemoClientListing?> ListAfterAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        string? after = null;
        if (cursor is not null)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromHexString(cursor));
            }
            catch (FormatException)
            {
                return ValueTask.FromResult<DemoClientListing?>(null);
            }
        }

        var sorted = Sorted();
        var start = 0;
        if (after is not null)
        {
            var found = sorted.BinarySearch(after, StringComparer.Ordinal);
            start = found >= 0 ? found + 1 : ~found;
        }

        // The cursor follows the IDs looked at, not the rows: a client that left meanwhile has no row.
        var window = sorted.Skip(start).Take(limit).ToList();
        var rows = window.Select(ToRow).OfType<DemoClient>().ToList();
        var more = start + window.Count < sorted.Count;
        var next = more ? Cursor(window[^1]) : null;
        return ValueTask.FromResult<DemoClientListing?>(new DemoClientListing(rows, next, sorted.Count, more));
    }

    public ValueTask<DemoClientListing> ListPageAsync(int page, int limit, CancellationToken cancellationToken)
    {
        var sorted = Sorted();
        var offset = (long)(page - 1) * limit;
        var rows = offset >= sorted.Count ? [] : sorted.Skip((int)offset).Take(limit).Select(ToRow).OfType<DemoClient>().ToList();
        return ValueTask.FromResult(new DemoClientListing(rows, null, sorted.Count, offset + limit < sorted.Count));
    }

    public DemoClient? Find(string clientId) => ToRow(clientId);

    public async ValueTask<SessionQueueFigures> GetQueueAsync(string clientId)
    {
        // MQTTnet keeps the session's undelivered messages; it has no in-flight window or drop counter
        // of EMQX's kind (the demo broker never drops), so those are reported at EMQX's defaults.
        var pending = await broker.GetPendingMessagesAsync(clientId);
        return new SessionQueueFigures(pending, MqueueMax, 0, 0, InflightMax);
    }

    public async Task<bool> KickAsync(string clientId, CancellationToken cancellationToken)
    {
        if (broker.FindOpenConnection(clientId) is null)
        {
            return false;
        }

        await broker.KickAsync(clientId, cancellationToken);
        return true;
    }

    /// <summary>
    /// The cursor after <paramref name="lastId"/>. A very long ID is cut to a prefix that sorts before
    /// it, so the next page repeats a few rows rather than skip any (a lone high surrogate at the cut
    /// would become U+FFFD and sort after it, so it is dropped).
    /// </summary>
    private static string Cursor(string lastId)
    {
        var prefix = lastId.Length <= MaxCursorChars ? lastId : lastId[..MaxCursorChars];
        if (prefix.Length > 0 && char.IsHighSurrogate(prefix[^1]))
        {
            prefix = prefix[..^1];
        }

        return Convert.ToHexString(Encoding.UTF8.GetBytes(prefix));
    }

    /// <summary>The open client IDs in ordinal order: the demo fleet is at most 100,000, so a sort per page is cheap.</summary>
    private List<string> Sorted()
    {
        var ids = broker.OpenConnections().Select(c => c.ClientId).ToList();
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private DemoClient? ToRow(string clientId) => broker.FindOpenConnection(clientId) is { } c
        ? new DemoClient(
            c.ClientId,
            c.Username,
            c.PeerIp,
            c.PeerPort,
            DateTimeOffset.FromUnixTimeMilliseconds(c.ConnectedAtMs).ToOffset(time.LocalTimeZone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(c.ConnectedAtMs))),
            c.Keepalive,
            c.CleanStart,
            c.ExpiryIntervalSeconds,
            c.ProtoVer)
        : null;
}
