using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;

namespace Dashboard.Tests.Integration;

/// <summary>
/// <c>Logging:Format=json</c> on the real app as a process: every line it writes is one JSON object
/// with the built-in formatter's fields, and a request's lines carry its scope.
/// </summary>
public sealed class LogFormatTests
{
    [Fact]
    public async Task With_json_every_stdout_line_is_one_json_object_with_scopes()
    {
        await using (var app = await DashboardProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging:Format"] = "json",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Mqtt:Enabled"] = "false",
            ["History:Provider"] = "none",
            ["Auth:Mode"] = "none",
        }, untilSubscribed: false))
        {
            using var http = new HttpClient { BaseAddress = app.BaseAddress };
            (await http.GetAsync("/api/clients")).Dispose();
            await app.StopAsync();

            Assert.Empty(app.Stderr);
            var lines = app.Stdout.ToArray();
            Assert.NotEmpty(lines);
            var entries = lines.Select(Parse).ToArray();
            foreach (var entry in entries)
            {
                Assert.Equal(JsonValueKind.Object, entry.ValueKind);
                Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
                Assert.Equal(JsonValueKind.Number, entry.GetProperty("EventId").ValueKind);
                Assert.Contains(entry.GetProperty("LogLevel").GetString(), (string[])["Trace", "Debug", "Information", "Warning", "Error", "Critical"]);
                Assert.False(string.IsNullOrEmpty(entry.GetProperty("Category").GetString()));
                Assert.NotNull(entry.GetProperty("Message").GetString());
                Assert.Equal(JsonValueKind.Array, entry.GetProperty("Scopes").ValueKind);
            }

            // Our own lines, and a request's lines with the request's scope.
            Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Dashboard.History.HistoryStartup");
            Assert.Contains(entries, e => e.GetProperty("Scopes").EnumerateArray().Any(s =>
                s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/clients"));
        }
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"Not one JSON object per line ({e.Message}): {line}");
            throw;
        }
    }
}
