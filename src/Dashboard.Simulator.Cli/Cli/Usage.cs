namespace Dashboard.Simulator.Cli;

internal static class Usage
{
    public const string Text = """
        Dashboard.Simulator: a simulated MQTT fleet, or a firehose of synthetic EMQX events.

        Usage:
          dotnet run --project src/Dashboard.Simulator.Cli -- fleet    [broker] [fleet options]
          dotnet run --project src/Dashboard.Simulator.Cli -- firehose [broker] [firehose options]
          dotnet run --project src/Dashboard.Simulator.Cli -- --help

        Broker (both commands):
          --host H              broker host (default 127.0.0.1)
          --port P              broker port (default 1883, or 8883 with --tls)
          --username U          username for every connection
          --password P          password for every connection
          --tls                 connect over TLS
          --insecure            accept any server certificate (with --tls)

        fleet: real devices that connect, misbehave and disconnect in every way the dashboard explains
          --size N              devices (default 100; a conflict pair counts as two)
          --seed S              same seed, same devices (default 42)
          --duration SECONDS    stop after this long (default: until Ctrl+C)
          --prefix P            client ID prefix (default sim-)
          --session-seconds S   mean session length (default 30)
          --offline-seconds S   mean pause between sessions (default 5)
          --startup-seconds S   spread device start-up over this long (default 10)
          --source-addresses A,B  source IPs of conflict pairs (default 127.0.0.2,127.0.0.3: broker on loopback)
          --forbidden-topic T   topic bad-credentials devices publish to (default forbidden/test)
          --bad-password P      password that must be refused (default wrong-password)
          --rotation-share F    fraction of devices caught in credentials rotations (default 0: none)
          --rotation-every S    a rotation every S seconds, the first S seconds in (default 300)
          --rotation-seconds S  each rotation lasts S seconds: those devices reconnect with the stale
                                (bad) password and are refused, then recover (default 60)
          --outage-share F      fraction of devices dropping together in mass disconnects (default 0: none)
          --outage-every S      a mass disconnect every S seconds, the first S seconds in (default 600)
          --outage-seconds S    those devices fall silent at once (keepalive_timeout) and stay away
                                S seconds, then return (default 60)
          --emqx-api URL --emqx-key K --emqx-secret S
                                kick devices through EMQX's REST API (default: no kick profile)

        firehose: EMQX 5.8 client_connected/client_disconnected rule events, straight to the republish topics
          --rate N              events per second (default 1000; 0 = as fast as possible)
          --clients N           distinct client IDs (default 1000, at most 10000000)
          --count N             stop after exactly N events
          --duration SECONDS    stop after this long
          --qos 0|1             publish QoS (default 0)
          --seed S              same seed, same event sequence (default 42)
          --connect-all-first   connect every client once, in order, before the random events
          --max-in-flight N     publishes awaiting completion (default 1000)
          --connected-topic T   (default client_connected)
          --disconnected-topic T  (default client_disconnected)

        Progress is printed every second and a summary at the end. Ctrl+C stops cleanly.
        Exit codes: 0 done, 1 failed (e.g. broker unreachable), 2 bad arguments.
        """;
}
