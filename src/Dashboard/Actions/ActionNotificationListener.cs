using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Errors;
using Dashboard.Core.History;
using Dashboard.Core.Notifications;
using Dashboard.Groups;
using Dashboard.History;
using Npgsql;

namespace Dashboard.Actions;

/// <summary>
/// Keeps this instance's acknowledgements, device groups and open Audit pages in step with the other instances on
/// the same PostgreSQL: it LISTENs on <see cref="ActionNotifications.Channel"/> on a connection of
/// its own and, for each notification from another process, reads the acknowledgement from the
/// database and puts it in force or ends it, or tells the Audit page to read again. PostgreSQL
/// drops notifications sent while a listener is disconnected, so after each (re)connect it reloads
/// every acknowledgement once. Maintenance windows are read again whole on each notice of them and
/// after each (re)connect. With SQLite or history off there is one instance only: it does nothing.
/// </summary>
internal sealed partial class ActionNotificationListener(
    IHistoryStore history,
    IActionStore actions,
    ConflictService conflicts,
    ChangeNotifier notifier,
    AuditLog audit,
    Maintenance.MaintenanceService maintenance,
    DeviceGroupService groups,
    TimeProvider time,
    ILogger<ActionNotificationListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    // Without traffic, a SELECT 1 this often shows the connection still works.
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (history is not PostgresHistoryStore postgres)
        {
            return;
        }

        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(postgres, () => retry = FirstRetry, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a cancelled wait may surface as Npgsql's own exception, not only as a cancellation.
                return;
            }
            catch (Exception ex)
            {
                Log.Lost(logger, ErrorSummary.Describe(ex), (int)retry.TotalSeconds);
                try
                {
                    await Task.Delay(retry, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task ListenAsync(PostgresHistoryStore postgres, Action connected, CancellationToken cancellationToken)
    {
        await using var connection = postgres.CreateListenConnection();
        var received = new Queue<string>();

        // Raised inside WaitAsync, on this loop's own thread: queue, and handle once it returns.
        connection.Notification += (_, e) => received.Enqueue(e.Payload);
        await connection.OpenAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {ActionNotifications.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Whatever changed before LISTEN (while disconnected, or since start-up's load) was not heard.
        await ReloadAsync(cancellationToken);
        await maintenance.ReloadAsync(cancellationToken);
        await groups.ReloadAsync(cancellationToken);
        audit.SignalAppended();
        connected();
        Log.Listening(logger, ActionNotifications.Channel);

        while (true)
        {
            if (!await connection.WaitAsync(Probe, cancellationToken))
            {
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(cancellationToken);
            }

            while (received.TryDequeue(out var payload))
            {
                await HandleAsync(payload, postgres.InstanceId, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(string payload, string self, CancellationToken cancellationToken)
    {
        if (!ActionNotifications.TryParse(payload, out var notice, out var sender))
        {
            Log.Ignored(logger, payload.Length);
            return;
        }

        // Our own change is already in force here.
        if (sender == self)
        {
            return;
        }

        if (notice.Kind == ActionNotifications.Audit)
        {
            audit.SignalAppended();
        }
        else if (notice.Kind == ActionNotifications.Maintenance)
        {
            await maintenance.ReloadAsync(cancellationToken);
        }
        else if (notice.Kind == ActionNotifications.Groups)
        {
            await groups.ReloadAsync(cancellationToken);
        }
        else if (notice.Key is { } key)
        {
            var stored = (await actions.GetAcknowledgementsAsync(cancellationToken)).FirstOrDefault(a => a.Key == key);
            Apply(key, stored);
            notifier.MarkChanged([]);
        }
        else
        {
            await ReloadAsync(cancellationToken);
        }
    }

    /// <summary>Makes the acknowledgements in force exactly the stored ones.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var stored = (await actions.GetAcknowledgementsAsync(cancellationToken)).ToDictionary(a => a.Key, StringComparer.Ordinal);
        foreach (var key in conflicts.Acknowledgements.Keys().Union(stored.Keys, StringComparer.Ordinal).ToList())
        {
            Apply(key, stored.GetValueOrDefault(key));
        }

        notifier.MarkChanged([]);
    }

    // Idempotent: setting the same acknowledgement again would forget that its re-opening was alerted.
    private void Apply(string key, Acknowledgement? stored)
    {
        if (stored is null)
        {
            conflicts.Acknowledgements.Remove(key);
        }
        else if (conflicts.Acknowledgements.Get(key) != stored)
        {
            conflicts.Acknowledgements.Set(stored);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other instances' acknowledgements and audit rows on PostgreSQL channel {Channel}")]
        public static partial void Listening(ILogger logger, string channel);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other instances' actions stopped: {Error}; reconnecting in {Seconds} s")]
        public static partial void Lost(ILogger logger, string error, int seconds);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a notification of {Length} characters this version does not know")]
        public static partial void Ignored(ILogger logger, int length);
    }
}
