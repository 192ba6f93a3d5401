using MQTTnet;
using MQTTnet.Protocol;

namespace Dashboard.Simulator.Fleet.Devices;

/// <summary>
/// A device with authorisation trouble. First it tries <see cref="FleetOptions.BadPassword"/>: the
/// broker refuses the CONNECT (a connect failure: no connect or disconnect event, but EMQX reports a
/// failed authentication and a connack <c>bad_username_or_password</c>, as the demo broker does). Then it
/// connects with the right password and publishes to <see cref="FleetOptions.ForbiddenTopic"/>; a broker
/// that disconnects on a denied publish closes the connection, reported as <c>not_authorized</c>.
/// </summary>
internal sealed class BadCredentialsDevice(DeviceContext context) : Device(context)
{
    protected override async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        await Context.ExpectRefusalAsync(Context.Options.BadPassword, cancellationToken);
        await Context.DelayAsync(Context.Jitter(TimeSpan.FromSeconds(1)), cancellationToken);

        using var client = DeviceContext.CreateClient();
        var watch = DisconnectWatch.Attach(client);
        if (!await Context.ConnectAsync(client, Context.ClientOptions(Context.Password), cancellationToken))
        {
            throw new DeviceException("the broker refused the right password");
        }

        try
        {
            // Online for a moment first, as a device that boots and then sends its first reading.
            if (await watch.WaitAsync(Context.SessionLength() / 4, Context.Time, cancellationToken))
            {
                throw new DeviceException("the broker closed the connection before the forbidden publish");
            }

            var forbidden = new MqttApplicationMessageBuilder()
                .WithTopic(Context.Options.ForbiddenTopic)
                .WithPayload("{\"reading\":1}")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
                .Build();
            await client.PublishAsync(forbidden, cancellationToken);
            if (!await watch.WaitAsync(Context.Options.BrokerReactionTimeout, Context.Time, cancellationToken))
            {
                throw new DeviceException($"the broker kept the connection after a publish to '{Context.Options.ForbiddenTopic}'");
            }

            Context.Stats.RecordDisconnect(Plan.Profile, EmqxReasonNames.NotAuthorized);
        }
        finally
        {
            await Context.DisconnectCleanlyAsync(client);
        }

        await Context.DelayAsync(Context.Jitter(Context.Options.MeanOfflineTime), cancellationToken);
    }
}
