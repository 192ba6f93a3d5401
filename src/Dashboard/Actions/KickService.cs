using Dashboard.Api;
using Dashboard.Core.Actions;
using Dashboard.Emqx;
using Dashboard.Options;

namespace Dashboard.Actions;

/// <summary>How a kick went.</summary>
public enum KickOutcome
{
    /// <summary>EMQX closed the connection (or, for a bulk kick, accepted the list).</summary>
    Kicked,

    /// <summary>EMQX does not know the client (single kicks only: the bulk call does not say).</summary>
    NotFound,

    /// <summary>EMQX answered with an error, or could not be reached; <see cref="KickResult.Error"/> says which.</summary>
    Failed,

    /// <summary>EMQX's REST API is not configured (<see cref="EmqxOptions.HowToTurnOn"/>).</summary>
    Off,
}

/// <summary>The outcome of one kick request, and EMQX's message when it failed (safe to show).</summary>
public sealed record KickResult(KickOutcome Outcome, string? Error = null);

/// <summary>
/// Kicks clients through EMQX's REST API, for the API endpoints and the pages alike, and writes one
/// audit row per client ID, whatever the outcome: the pages' path is audited exactly as the API's.
/// The caller has checked the operator policy. The resulting <c>kicked</c> disconnect arrives as a
/// normal event; nothing here changes live state.
/// </summary>
internal sealed partial class KickService(EmqxApiClient emqx, AuditLog audit, TimeProvider time, ILogger<KickService> logger)
{
    public const string AuditAction = "kick";

    /// <summary>
    /// The longest client ID accepted. EMQX's own limit (<c>mqtt.max_clientid_len</c>) is 65535 by
    /// default, but the dashboard keeps IDs to a few hundred characters and a URL of 64 KiB is a probe.
    /// </summary>
    public const int MaxClientIdLength = 1024;

    /// <summary>The most IDs in one bulk kick.</summary>
    public const int MaxBulk = 1000;

    /// <summary>Whether kicking is possible at all (the REST API is configured).</summary>
    public bool IsOn => emqx.IsOn;

    /// <summary>Why <paramref name="clientId"/> cannot be kicked as given, or null when it can.</summary>
    public static string? Check(string? clientId) => clientId switch
    {
        null or "" => "must not be empty",
        { Length: > MaxClientIdLength } => $"must be at most {MaxClientIdLength} characters; got {clientId.Length}",
        _ => null,
    };

    /// <summary>Kicks one client: <see cref="KickOutcome.Kicked"/>, <see cref="KickOutcome.NotFound"/>, or why not.</summary>
    public async Task<KickResult> KickAsync(string clientId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var result = await CallAsync(async () => await emqx.KickAsync(clientId, cancellationToken) ? KickOutcome.Kicked : KickOutcome.NotFound);
        Log.Kicked(logger, clientId, actor.Name, result.Outcome, result.Error ?? "");
        await RecordAsync(clientId, actor, result, null);
        return result;
    }

    /// <summary>
    /// Kicks 1 to <see cref="MaxBulk"/> clients in one call to EMQX (duplicates removed). EMQX answers
    /// for the whole list, so every ID gets the same outcome; IDs it does not know it skips silently.
    /// </summary>
    public async Task<KickResult> KickManyAsync(IReadOnlyList<string> clientIds, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientIds);
        ArgumentNullException.ThrowIfNull(actor);
        var ids = clientIds.Distinct(StringComparer.Ordinal).ToArray();
        ArgumentOutOfRangeException.ThrowIfZero(ids.Length, nameof(clientIds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ids.Length, MaxBulk, nameof(clientIds));
        var result = await CallAsync(async () =>
        {
            await emqx.KickManyAsync(ids, cancellationToken);
            return KickOutcome.Kicked;
        });
        Log.KickedMany(logger, ids.Length, actor.Name, result.Outcome, result.Error ?? "");
        var bulk = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bulk kick of {ids.Length}");
        foreach (var id in ids)
        {
            await RecordAsync(id, actor, result, bulk);
        }

        return result;
    }

    /// <summary>Off without a call while the API is not configured; EMQX's failure (safe to show) as <see cref="KickOutcome.Failed"/>.</summary>
    private async Task<KickResult> CallAsync(Func<Task<KickOutcome>> call)
    {
        if (!IsOn)
        {
            return new KickResult(KickOutcome.Off, EmqxOptions.HowToTurnOn);
        }

        try
        {
            return new KickResult(await call());
        }
        catch (EmqxApiException ex)
        {
            return new KickResult(KickOutcome.Failed, ex.Message);
        }
    }

    /// <summary>One audit row; <paramref name="bulk"/> names the bulk kick the ID was part of.</summary>
    private async Task RecordAsync(string clientId, Actor actor, KickResult result, string? bulk)
    {
        var (outcome, detail) = result.Outcome switch
        {
            KickOutcome.Kicked => ("success", "kicked"),
            KickOutcome.NotFound => ("failure", "not known to EMQX"),
            KickOutcome.Off => ("failure", "EMQX's REST API is not configured"),
            _ => ("failure", result.Error ?? "EMQX failed"),
        };

        // Not the caller's token: a request aborted after EMQX acted must still leave its row.
        var entry = new AuditEntry(time.GetUtcNow(), actor.Name, actor.Role, AuditAction, clientId, outcome, bulk is null ? detail : bulk + ": " + detail);
        await audit.RecordAsync(entry, CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Kick of client '{ClientId}' by '{Actor}': {Outcome} {Error}")]
        public static partial void Kicked(ILogger logger, string clientId, string actor, KickOutcome outcome, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "Bulk kick of {Count} clients by '{Actor}': {Outcome} {Error}")]
        public static partial void KickedMany(ILogger logger, int count, string actor, KickOutcome outcome, string error);
    }
}
