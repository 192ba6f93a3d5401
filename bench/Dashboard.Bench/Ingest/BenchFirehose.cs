using Dashboard.Simulator.Events;
using Dashboard.Simulator.Mqtt;

namespace Dashboard.Bench.Ingest;

/// <summary>The simulator's firehose, unpaced, publishing an exact number of events to the bench broker.</summary>
internal static class BenchFirehose
{
    public static Firehose Create(BenchBroker broker, string clientId, int clients, long events, int qos, bool connectAllFirst = false) => new(new FirehoseOptions
    {
        Broker = new BrokerOptions { Host = broker.Host, Port = broker.Port },
        Rate = 0,
        Clients = clients,
        Count = events,
        Qos = qos,
        ConnectAllFirst = connectAllFirst,
        PublisherClientId = clientId,
    });
}
