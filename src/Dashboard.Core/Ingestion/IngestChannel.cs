using System.Threading.Channels;

namespace Dashboard.Core.Ingestion;

/// <summary>
/// The bounded channel every source writes into and the pipeline reads from. When it is full,
/// writers wait: back-pressure reaches the broker (QoS 1 acks slow down) instead of memory growing.
/// </summary>
public sealed class IngestChannel
{
    private readonly Channel<IngestItem> _channel;

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
}
