using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Emqx.Setup;

/// <summary>
/// Applies a setup plan through EMQX's REST API: each resource is read first, created when missing,
/// updated when it differs, and left alone when it already says what the plan says. A failure stops
/// the run there (later steps would depend on it). Every run is written to the audit log.
/// </summary>
internal sealed partial class EmqxSetupService(
    EmqxApiClient api,
    IOptions<WebhookOptions> webhook,
    MqttRuntimeTopics runtimeTopics,
    AuditLog audit,
    TimeProvider time,
    ILogger<EmqxSetupService> logger) : IDisposable
{
    public const string AuditAction = "emqx-setup";

    /// <summary>The largest resource body read back from EMQX.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>One run at a time: two at once would both find the rule missing, and the second POST fail.</summary>
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public bool IsApiOn => api.IsOn;

    public void Dispose() => _oneAtATime.Dispose();

    public bool IsWebhookOn => webhook.Value.IsOn;

    /// <summary>
    /// The plan as it would be sent, for the EMQX version the API reports (the names all 5.x know
    /// when the API is off or does not answer), with the webhook secret masked.
    /// </summary>
    public async Task<EmqxSetupPlan> GetPlanForDisplayAsync(EmqxSetupRequest request, CancellationToken cancellationToken)
    {
        string? version = null;
        if (api.IsOn)
        {
            try
            {
                version = (await api.GetBrokerInfoAsync(cancellationToken)).Version;
            }
            catch (EmqxApiException ex)
            {
                Log.VersionUnknown(logger, ex.Message);
            }
        }

        return EmqxSetupPlanBuilder.Build(request, version, null, mask: true);
    }

    /// <summary>Runs the setup. The request must have passed <see cref="EmqxSetupValidation"/> and the API must be on.</summary>
    public async Task<EmqxSetupResult> ApplyAsync(EmqxSetupRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await ApplyOnceAsync(request, actor, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<EmqxSetupResult> ApplyOnceAsync(EmqxSetupRequest request, Actor actor, CancellationToken cancellationToken)
    {
        var results = new List<EmqxSetupStepResult>();
        EmqxSetupPlan? plan = null;
        try
        {
            var version = (await api.GetBrokerInfoAsync(cancellationToken)).Version;
            plan = EmqxSetupPlanBuilder.Build(request, version, webhook.Value.Secret, mask: false);
        }
        catch (EmqxApiException ex)
        {
            results.Add(new EmqxSetupStepResult("broker", "nodes", "failed", ex.Message));
        }

        foreach (var step in plan?.Steps ?? [])
        {
            if (results.Any(r => r.Outcome == "failed"))
            {
                results.Add(new EmqxSetupStepResult(step.Resource, step.Id, "skipped", "not tried after the failure above"));
                continue;
            }

            try
            {
                results.Add(new EmqxSetupStepResult(step.Resource, step.Id, await EnsureAsync(step, cancellationToken), null));
            }
            catch (EmqxApiException ex)
            {
                results.Add(new EmqxSetupStepResult(step.Resource, step.Id, "failed", ex.Message));
            }
        }

        var succeeded = plan is not null && results.All(r => r.Outcome != "failed");
        string? note = null;
        if (succeeded && request.Mode == EmqxSetupMode.Republish)
        {
            note = await runtimeTopics.EnsureSubscribedAsync(request.RepublishTopic, cancellationToken);
        }

        var result = new EmqxSetupResult(request.Mode, succeeded, results, note);
        await audit.RecordAsync(
            new AuditEntry(time.GetUtcNow(), actor.Name, actor.Role, AuditAction, EmqxSetupPlanBuilder.RuleId, succeeded ? "success" : "failure", Describe(result)),
            cancellationToken);
        return result;
    }

    /// <summary>"mode republish: rule created" or "mode http: connector updated, action failed (…), rule skipped".</summary>
    public static string Describe(EmqxSetupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var steps = result.Steps.Select(s => $"{s.Resource} {s.Outcome}" + (s.Outcome == "failed" ? $" ({s.Message})" : ""));
        return $"mode {result.Mode.ToString().ToLowerInvariant()}: {string.Join(", ", steps)}";
    }

    private async Task<string> EnsureAsync(EmqxSetupStep step, CancellationToken cancellationToken)
    {
        JsonNode? existing;
        using (var response = await api.SendAsync(HttpMethod.Get, step.ResourcePath, null, cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                existing = null;
            }
            else
            {
                await EmqxApiClient.EnsureSuccessAsync(response, cancellationToken);
                existing = await ReadJsonAsync(response, cancellationToken);
            }
        }

        if (existing is null)
        {
            await SendAsync(HttpMethod.Post, step.CollectionPath, step.CreateBody, cancellationToken);
            return "created";
        }

        // EMQX answers with its defaults filled in and secrets shown as ******: only what the plan
        // sets is compared, so a masked secret always counts as a difference and is sent again.
        if (Contains(existing, step.UpdateBody))
        {
            return "unchanged";
        }

        await SendAsync(HttpMethod.Put, step.ResourcePath, step.UpdateBody, cancellationToken);
        return "updated";
    }

    private async Task SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await api.SendAsync(method, path, content, cancellationToken);
        await EmqxApiClient.EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length > MaxBodyBytes)
        {
            throw new EmqxApiException($"EMQX's answer was larger than {MaxBodyBytes} bytes.");
        }

        try
        {
            return JsonNode.Parse(body) ?? throw new EmqxApiException("EMQX answered with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new EmqxApiException("EMQX's answer was not the JSON expected: " + ex.Message, ex);
        }
    }

    /// <summary>Whether <paramref name="actual"/> has every property of <paramref name="wanted"/>, with the same values (recursively).</summary>
    internal static bool Contains(JsonNode? actual, JsonNode? wanted) => wanted switch
    {
        JsonObject o => actual is JsonObject a && o.All(p => a.TryGetPropertyValue(p.Key, out var v) && Contains(v, p.Value)),
        JsonArray w => actual is JsonArray a && a.Count == w.Count && w.Select((item, i) => Contains(a[i], item)).All(same => same),
        _ => JsonNode.DeepEquals(actual, wanted),
    };

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "EMQX setup plan: the broker's version is unknown ({Error}); using the event names every 5.x knows")]
        public static partial void VersionUnknown(ILogger logger, string error);
    }
}
