using System.Buffers.Text;
using System.Text;
using Dashboard.Core.Emqx;

namespace Dashboard.Demo.Api;

/// <summary>
/// The embedded broker's open connections, as the demo API lists them. Rows are ordered by client
/// ID and the cursor is the last ID given out (encoded), so a listing is stable while clients come
/// and go: one that connects during a listing appears if it sorts after the cursor. Kicks go
/// through <see cref="EmbeddedBroker.KickAsync"/>, so the <c>kicked</c> event follows as at EMQX.
/// </summary>
internal sealed class BrokerClientTable(EmbeddedBroker broker, TimeProvider time) : IDemoClientTable
{
    /// <summary>EMQX 5.8's defaults for a session (<c>mqtt.max_mqueue_len</c>, <c>mqtt.max_inflight</c>).</summary>
    private const long MqueueMax = 1000;
    private const long InflightMax = 32;

    public long Count => broker.OpenConnectionCount;

    public ValueTask<DemoClientListing?> ListAfterAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        string? after = null;
        if (cursor is not null)
        {
            var bytes = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
            if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written))
            {
                return ValueTask.FromResult<DemoClientListing?>(null);
            }

            after = Encoding.UTF8.GetString(bytes, 0, written);
        }

        var sorted = Sorted();
        var start = 0;
        if (after is not null)
        {
            var found = sorted.BinarySearch(after, StringComparer.Ordinal);
            start = found >= 0 ? found + 1 : ~found;
        }

        var rows = sorted.Skip(start).Take(limit).Select(ToRow).OfType<DemoClient>().ToList();
        var more = start + limit < sorted.Count && rows.Count > 0;
        var next = more ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rows[^1].ClientId)) : null;
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
