using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Dashboard.Api;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Errors;
using Microsoft.Extensions.Options;

namespace Dashboard.Conflicts;

/// <summary>
/// Posts each finding and fleet incident to <see cref="AlertOptions.Url"/> when it opens and when it resolves (and,
/// acknowledged, only when it resolves or re-opens: see <see cref="Dashboard.Core.Actions.AcknowledgementBook"/>). The
/// detector raises changes on the pipeline thread, so they only go into a queue here; a background
/// loop sends them, with a few retries, and a broken receiver never slows ingestion.
/// </summary>
internal sealed partial class FindingAlerts(
    ConflictService conflicts,
    IOptions<AlertOptions> options,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger<FindingAlerts> logger) : BackgroundService
{
    private const int Attempts = 3;
    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Url))
        {
            return;
        }

        var url = new Uri(options.Value.Url);
        conflicts.AlertDue += Enqueue;
        conflicts.IncidentAlertDue += Enqueue;
        try
        {
            await foreach (var change in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(url, change, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            conflicts.AlertDue -= Enqueue;
            conflicts.IncidentAlertDue -= Enqueue;
        }
    }

    private void Enqueue(string alert, Finding finding) => _queue.Writer.TryWrite(new Alert(alert, finding, null));

    private void Enqueue(string alert, Incident incident) => _queue.Writer.TryWrite(new Alert(alert, null, incident));

    private async Task SendAsync(Uri url, Alert change, CancellationToken cancellationToken)
    {
        var body = Body(change);
        var target = change.Finding is { } f ? FindingKeys.Describe(f) : FindingKeys.Describe(change.Incident!);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                using var client = http.CreateClient(nameof(FindingAlerts));
                client.Timeout = TimeSpan.FromSeconds(5);
                using var response = await client.PostAsync(url, JsonContent.Create(body, body.GetType()), cancellationToken);
                response.EnsureSuccessStatusCode();
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The URL without its path and query: a Slack or Teams webhook carries its token there.
                Log.AlertFailed(logger, target, url.GetLeftPart(UriPartial.Authority), attempt, ErrorSummary.Describe(ex));
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>The body in the configured format: today's JSON, or a message for people in Slack or Teams.</summary>
    private object Body(Alert change)
    {
        var format = options.Value.Format;
        if (format.Equals(AlertOptions.Json, StringComparison.OrdinalIgnoreCase))
        {
            return new FindingAlertDto(
                change.Event,
                change.Finding is { } finding ? FindingDto.From(finding, conflicts.Acknowledgements.StatusOf(finding)) : null,
                change.Incident is { } incident ? IncidentDto.From(incident, conflicts.Acknowledgements.StatusOf(incident)) : null);
        }

        var dashboard = AlertMessage.BaseOf(options.Value.DashboardUrl);
        var message = change.Finding is { } f ? AlertMessage.Of(change.Event, f, dashboard) : AlertMessage.Of(change.Event, change.Incident!, dashboard);
        return format.Equals(AlertOptions.Slack, StringComparison.OrdinalIgnoreCase) ? SlackAlert.Payload(message) : TeamsAlert.Payload(message);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Alert for {Target} to {Url} failed (attempt {Attempt}): {Error}")]
        public static partial void AlertFailed(ILogger logger, string target, string url, int attempt, string error);
    }

    /// <summary>One alert waiting to be sent: a finding's or an incident's.</summary>
    private sealed record Alert(string Event, Finding? Finding, Incident? Incident);
}

/// <summary>The body of an alert: a finding's (<c>finding</c>) or a fleet incident's (<c>incident</c>); the other is left out.</summary>
public sealed record FindingAlertDto(
    string Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FindingDto? Finding,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IncidentDto? Incident);
