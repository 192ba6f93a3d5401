using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Api;

namespace Dashboard.Bench.Shared;

/// <summary>
/// What both bench projects need to run the real dashboard as its own process: the Release
/// Dashboard.dll built next to the bench, started with settings as command-line keys, and its
/// ingest status read over REST. Each bench keeps its own lifetime around it (restarts, logs).
/// </summary>
internal static class DashboardLaunch
{
    /// <summary>The API's JSON: web defaults, enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>`dotnet Dashboard.dll --key value …`, output redirected for the caller to read.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dashboard.dll"));

        // The benches listen on 127.0.0.1 and measure, not sign in: one person on their own machine.
        start.ArgumentList.Add("--Auth:Mode");
        start.ArgumentList.Add("none");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        return start;
    }

    /// <summary>/api/ingest/status, or null while the app does not answer (starting, restarting).</summary>
    public static async Task<IngestStatusDto?> TryGetStatusAsync(HttpClient http)
    {
        try
        {
            return await http.GetFromJsonAsync<IngestStatusDto>("/api/ingest/status", Json);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
