using System.Threading.Channels;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// The bounded channel every source writes into and the pipeline reads from. When it is full,
/// writers wait: back-pressure reaches the broker (QoS 1 acks slow down) instead of memory growing.
/// </summary>
public sealed class IngestChannel
{
    private readonly Channel<IngestItem> _channel;
    private volatile bool _closed;

    public IngestChannel(int capacity)
    {
        Capacity = capacity;
        _channel = Channel.CreateBounded<IngestItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    public ChannelReader<IngestItem> Reader => _channel.Reader;

    public ChannelWriter<IngestItem> Writer => _channel.Writer;

    /// <summary>Items waiting for the pipeline.</summary>
    public int Backlog => _channel.Reader.Count;

    /// <summary>True once <see cref="Close"/> ran: sources write nothing more.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// Takes no more items (the app is stopping): the pipeline applies, stores and acknowledges what
    /// is in the channel, then ends. A writer waiting for room, or racing this, gets a
    /// <see cref="ChannelClosedException"/>; its item was never taken, so it is never acknowledged
    /// and its source delivers it again later.
    /// </summary>
    public void Close()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }
}
