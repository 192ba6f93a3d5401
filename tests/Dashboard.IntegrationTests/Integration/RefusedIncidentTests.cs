using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>
/// A credentials rotation posted to the webhook as EMQX sends it (a failed authentication, then a
/// refused connack, for every device) becomes one refused-connections incident over REST and one
/// alert, counting each refused CONNECT once.
/// </summary>
public sealed class RefusedIncidentTests
{
    private const int Devices = 60;
    private const string ConnProps = """{"User-Property":{}}""";

    [Fact]
    public async Task A_credentials_rotation_burst_is_a_refused_connections_incident_in_the_api_and_an_alert()
    {
        var received = new ConcurrentQueue<JsonElement>();
        await using var receiver = await FindingAlertTests.StartReceiverAsync(received);

        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Alerts:Url"] = $"{receiver.Urls.Single()}/alerts",
        });
        app.StartServer();
        using var http = app.CreateClient();

        (await app.PostToWebhookAsync(Rotation(DateTimeOffset.UtcNow.AddSeconds(-30)))).EnsureSuccessStatusCode();

        var incidents = await Eventually.HoldsAsync(
            () => http.GetFromJsonAsync<JsonElement[]>("/api/incidents")!,
            list => list!.Length > 0 && list[0].GetProperty("count").GetInt32() == Devices,
            "the incident counts every device once");
        var incident = Assert.Single(incidents!);
        Assert.Equal("RefusedConnections", incident.GetProperty("kind").GetString());
        Assert.Equal("bad_username_or_password", incident.GetProperty("reason").GetString());
        Assert.Equal("active", incident.GetProperty("state").GetString());
        Assert.Contains("did not accept the username and password", incident.GetProperty("meaning").GetString(), StringComparison.Ordinal);
        Assert.Contains("credentials rotation", incident.GetProperty("advice").GetString(), StringComparison.Ordinal);
        Assert.Contains("sensor-0000", incident.GetProperty("clientIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Devices, incident.GetProperty("byNode").GetProperty("emqx@172.18.0.2").GetInt32());

        // Every device from its own network: no authorization burst besides it.
        var alerts = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 1, "the opening alert arrived");
        var alert = Assert.Single(alerts);
        Assert.Equal("opened", alert.GetProperty("event").GetString());
        Assert.False(alert.TryGetProperty("finding", out _));
        Assert.Equal(incident.GetProperty("key").GetString(), alert.GetProperty("incident").GetProperty("key").GetString());
        Assert.Equal("RefusedConnections", alert.GetProperty("incident").GetProperty("kind").GetString());
    }

    /// <summary>Every device refused once, a second apart: check_authn_complete, then client_connack 2 ms later, from one connection.</summary>
    private static string Rotation(DateTimeOffset start)
    {
        var lines = new List<string>();
        for (var i = 0; i < Devices; i++)
        {
            var at = start.AddMilliseconds(i * 500).ToUnixTimeMilliseconds();
            var client = $"sensor-{i:D4}";
            var peer = $"10.{i}.0.7:{40000 + i}";
            lines.Add($$"""{"event":"client.check_authn_complete","clientid":"{{client}}","username":"sensor-user","peername":"{{peer}}","reason_code":"bad_username_or_password","is_superuser":false,"is_anonymous":false,"node":"emqx@172.18.0.2","timestamp":{{at}}}""");
            lines.Add($$"""{"event":"client.connack","clientid":"{{client}}","username":"sensor-user","peername":"{{peer}}","sockname":"172.18.0.2:1883","reason_code":"bad_username_or_password","proto_name":"MQTT","proto_ver":4,"keepalive":60,"clean_start":true,"expiry_interval":0,"conn_props":{{ConnProps}},"node":"emqx@172.18.0.2","timestamp":{{at + 2}}}""");
        }

        return string.Join("\n", lines);
    }
}
