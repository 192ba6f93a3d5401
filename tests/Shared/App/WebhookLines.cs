namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>EMQX rule-engine payloads, as the webhook receives them (one JSON object a line).</summary>
internal static class WebhookLines
{
    /// <summary>
    /// Two devices, 10.0.0.2 and 10.0.0.3, take <paramref name="clientId"/> from each other four
    /// times, 100 ms apart from <paramref name="start"/>: enough to open a client-ID conflict.
    /// </summary>
    public static string Swaps(string clientId, DateTimeOffset start)
    {
        var now = start.ToUnixTimeMilliseconds();
        var lines = new List<string>();
        for (var i = 0; i <= 4; i++)
        {
            var ip = i % 2 == 0 ? "10.0.0.2" : "10.0.0.3";
            if (i > 0)
            {
                var previousIp = i % 2 == 0 ? "10.0.0.3" : "10.0.0.2";
                lines.Add($$"""{"event":"client.disconnected","clientid":"{{clientId}}","reason":"takenover","peername":"{{previousIp}}:{{40000 + i - 1}}","connected_at":{{now + ((i - 1) * 100)}},"disconnected_at":{{now + (i * 100)}}}""");
            }

            lines.Add($$"""{"event":"client.connected","clientid":"{{clientId}}","peername":"{{ip}}:{{40000 + i}}","connected_at":{{now + (i * 100)}}}""");
        }

        return string.Join("\n", lines);
    }
}
