using Dashboard.Simulator.Mqtt;

namespace Dashboard.Simulator.Cli;

/// <summary>The connection options both commands share.</summary>
internal static class BrokerArguments
{
    public static readonly string[] Flags = ["--tls", "--insecure"];

    public static BrokerOptions Read(ArgumentReader args)
    {
        var broker = new BrokerOptions
        {
            Host = args.Text("--host") ?? "127.0.0.1",
            Username = args.Text("--username"),
            Password = args.Text("--password"),
            UseTls = args.Flag("--tls"),
            AllowUntrustedCertificates = args.Flag("--insecure"),
        };
        broker.Port = args.Int("--port", 1, 65535) ?? (broker.UseTls ? 8883 : 1883);
        if (broker.AllowUntrustedCertificates && !broker.UseTls)
        {
            throw new UsageException("--insecure only applies together with --tls");
        }

        return broker;
    }
}
