using System.Net;
using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Live;
using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace Dashboard.Emqx.Setup;

/// <summary>
/// Proves the whole path: a short-lived probe client connects to the broker the MQTT source reads
/// and disconnects, and the dashboard waits for both of its events to be applied to live state and
/// stored. Works with any source (republish rule, HTTP action, <c>$SYS</c>) and without the REST
/// API; with the API on, it also checks that the setup's rule is in EMQX.
/// </summary>
internal sealed partial class EmqxSelfTest(
    EmqxApiClient api,
    IOptions<MqttOptions> mqtt,
    LiveState live,
    IHistoryStore history,
    AuditLog audit,
    TimeProvider time,
    ILogger<EmqxSelfTest> logger) : IDisposable
{
    public const string AuditAction = "emqx-selftest";

    public const string ProbePrefix = "dashboard-probe-";

    /// <summary>How long the events may take, from the probe's disconnect.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Self-tests running at once; each holds a broker connection and polls for up to <see cref="Timeout"/>.</summary>
    public const int MaxConcurrent = 2;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _running = new(MaxConcurrent, MaxConcurrent);

    public void Dispose() => _running.Dispose();

    /// <summary>Runs one self-test; null when <see cref="MaxConcurrent"/> are already running.</summary>
    public async Task<EmqxSelfTestReport?> TryRunAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!_running.Wait(0, CancellationToken.None))
        {
            return null;
        }

        try
        {
            return await RunAsync(actor, cancellationToken);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<EmqxSelfTestReport> RunAsync(Actor actor, CancellationToken cancellationToken)
    {
        var probeId = ProbePrefix + Guid.NewGuid().ToString("N")[..12];
        var clock = new Elapsed(time);
        var steps = new List<EmqxSelfTestStep> { await CheckRuleAsync(clock, cancellationToken) };
        string? hint = null;

        var options = mqtt.Value;
        var broker = $"{(options.UseTls ? "mqtts" : "mqtt")}://{options.Host}:{options.Port}";
        var probeError = await ConnectAndLeaveAsync(probeId, options, cancellationToken);
        if (probeError is not null)
        {
            steps.Add(new EmqxSelfTestStep("probe", "fail", clock.Ms, $"The probe {probeId} could not connect to {broker}: {probeError}"));
            hint = "The probe uses the MQTT source's broker and credentials (Mqtt:Host, Mqtt:Port, Mqtt:UseTls, Mqtt:Username): check them, and that the broker allows the client ID " + ProbePrefix + "*.";
        }
        else
        {
            steps.Add(new EmqxSelfTestStep("probe", "pass", clock.Ms, $"The probe {probeId} connected to {broker} and disconnected."));
            hint = await WaitForEventsAsync(probeId, clock, steps, cancellationToken);
        }

        var passed = steps.All(s => s.Outcome != "fail");
        var report = new EmqxSelfTestReport(passed, probeId, steps, passed ? null : hint);
        await audit.RecordAsync(
            new AuditEntry(time.GetUtcNow(), actor.Name, actor.Role, AuditAction, probeId, passed ? "success" : "failure", string.Join(", ", steps.Select(s => $"{s.Name} {s.Outcome}"))),
            cancellationToken);
        return report;
    }

    private async Task<EmqxSelfTestStep> CheckRuleAsync(Elapsed clock, CancellationToken cancellationToken)
    {
        if (!api.IsOn)
        {
            return new EmqxSelfTestStep("rule", "skipped", clock.Ms, "skipped: no REST API (Emqx:ApiUrl is not set), so the rule cannot be checked.");
        }

        try
        {
            using var response = await api.SendAsync(HttpMethod.Get, "rules/" + Uri.EscapeDataString(EmqxSetupPlanBuilder.RuleId), null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new EmqxSelfTestStep("rule", "warning", clock.Ms, $"EMQX has no rule {EmqxSetupPlanBuilder.RuleId}: events arrive only if a rule of your own forwards them (or through $SYS).");
            }

            await EmqxApiClient.EnsureSuccessAsync(response, cancellationToken);
            return new EmqxSelfTestStep("rule", "pass", clock.Ms, $"EMQX has the rule {EmqxSetupPlanBuilder.RuleId}.");
        }
        catch (EmqxApiException ex)
        {
            return new EmqxSelfTestStep("rule", "warning", clock.Ms, "The rule could not be checked: " + ex.Message);
        }
    }

    /// <summary>Connects the probe and disconnects it at once; null when both worked, else what went wrong.</summary>
    private async Task<string?> ConnectAndLeaveAsync(string probeId, MqttOptions options, CancellationToken cancellationToken)
    {
        var probe = new MqttClientOptionsBuilder()
            .WithBroker(options)
            .WithClientId(probeId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();

        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(probe, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return $"the broker refused it ({result.ResultCode})";
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The user sees the kind of failure; the exception (hosts, certificates) goes to the log.
            Log.ProbeFailed(logger, ex, probeId);
            return ex is MQTTnet.Adapter.MqttConnectingFailedException ? "the broker refused it" : "no connection (" + ex.GetType().Name + ")";
        }
    }

    /// <summary>Adds the connect, disconnect and stored steps; returns the hint for the first that failed.</summary>
    private async Task<string?> WaitForEventsAsync(string probeId, Elapsed clock, List<EmqxSelfTestStep> steps, CancellationToken cancellationToken)
    {
        var deadline = clock.Span + Timeout;
        var from = time.GetUtcNow() - TimeSpan.FromHours(1);
        long? connectedAt = null;
        long? disconnectedAt = null;
        long? storedAt = null;
        while (clock.Span < deadline && (disconnectedAt is null || connectedAt is null || (history.IsEnabled && storedAt is null)))
        {
            var client = live.GetClient(probeId);
            if (connectedAt is null && client?.ConnectedAt is not null)
            {
                connectedAt = clock.Ms;
            }

            if (disconnectedAt is null && client is { Online: false, DisconnectedAt: not null })
            {
                disconnectedAt = clock.Ms;
            }

            if (connectedAt is not null && disconnectedAt is not null && history.IsEnabled && storedAt is null && await IsStoredAsync(probeId, from, cancellationToken))
            {
                storedAt = clock.Ms;
                break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        var waited = $"{Timeout.TotalSeconds:0} s";
        steps.Add(connectedAt is { } c
            ? new EmqxSelfTestStep("connected", "pass", c, "The probe's connect event was applied to live state.")
            : new EmqxSelfTestStep("connected", "fail", clock.Ms, $"No connect event for the probe within {waited}."));
        steps.Add(disconnectedAt is { } d
            ? new EmqxSelfTestStep("disconnected", "pass", d, "The probe's disconnect event was applied: it shows offline.")
            : new EmqxSelfTestStep("disconnected", "fail", clock.Ms, $"No disconnect event for the probe within {waited}."));
        steps.Add(!history.IsEnabled
            ? new EmqxSelfTestStep("stored", "skipped", clock.Ms, "skipped: history is off (History:Provider none).")
            : storedAt is { } s
                ? new EmqxSelfTestStep("stored", "pass", s, "Both events are in the history database.")
                : new EmqxSelfTestStep("stored", "fail", clock.Ms, $"The probe's events were not both stored within {waited}."));

        return (connectedAt, disconnectedAt, storedAt) switch
        {
            (null, null, _) => "Neither event arrived. Usually: no rule forwards client events to the dashboard (run the setup above), the rule " +
                "republishes to a topic the MQTT source does not subscribe to (Mqtt:Topics), the rule is disabled, or the HTTP action's " +
                "Authorization header does not match Webhook:Secret (EMQX's action metrics then count failed requests).",
            (null, _, _) => "The disconnect arrived but not the connect: the rule's FROM probably lists only the disconnected event; it needs both.",
            (_, null, _) => "The connect arrived but not the disconnect: the rule's FROM probably lists only the connected event; it needs both.",
            _ when history.IsEnabled && storedAt is null => "The events were applied but not stored: see Diagnostics for the history database.",
            _ => null,
        };
    }

    private async Task<bool> IsStoredAsync(string probeId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var events = await history.GetClientEventsAsync(probeId, from, time.GetUtcNow() + TimeSpan.FromHours(1), 10, cancellationToken);
        return events.Any(e => e.Kind == ConnectionEventKind.Connected) && events.Any(e => e.Kind == ConnectionEventKind.Disconnected);
    }

    /// <summary>Time since the self-test began, on the app's clock.</summary>
    private sealed class Elapsed(TimeProvider time)
    {
        private readonly long _start = time.GetTimestamp();

        public TimeSpan Span => time.GetElapsedTime(_start);

        public long Ms => (long)Span.TotalMilliseconds;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "EMQX self-test: the probe {ProbeId} could not connect")]
        public static partial void ProbeFailed(ILogger logger, Exception exception, string probeId);
    }
}
