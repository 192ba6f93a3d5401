using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Notifications;

namespace Dashboard.Core.Tests.Ingestion;

// Access events (connack, authentication, authorization) through the real writer and pipeline:
// counted, the failures stored once and only then acknowledged, live state never touched.
public sealed partial class EventPipelineTests
{
    [Fact]
    public async Task Failures_are_stored_once_in_order_and_acknowledged_only_after()
    {
        var store = new RecordingStore();
        var log = new List<string>();
        await IngestAsync(Connack("ok-1", "success"), AckAll(log, "connack ok", store));
        await IngestAsync(Authn("bad-1", "bad_username_or_password"), AckAll(log, "authn bad", store));
        await IngestAsync(Connack("bad-1", "bad_username_or_password"), AckAll(log, "connack bad", store));
        await IngestAsync(Authz("ok-1", "deny"), AckAll(log, "authz deny", store));
        await IngestAsync(Authz("ok-1", "allow"), AckAll(log, "authz allow", store));

        // Redelivered (the source did not see the acknowledgement): the pipeline recognises it and stores it once.
        await IngestAsync(Connack("bad-1", "bad_username_or_password"), AckAll(log, "again", store));

        await RunToEndAsync(store);

        Assert.Equal(
            [(AccessEventKind.Authentication, "bad-1"), (AccessEventKind.Connack, "bad-1"), (AccessEventKind.Authorization, "ok-1")],
            store.AccessFailures.Select(f => (f.Kind, f.ClientId)));
        Assert.Equal(["factory/line-2/commands"], store.AccessFailures.Where(f => f.Kind == AccessEventKind.Authorization).Select(f => f.Topic));
        Assert.Equal(
            ["connack ok stored=3", "authn bad stored=3", "connack bad stored=3", "authz deny stored=3", "authz allow stored=3", "again stored=3"],
            log);
        Assert.Empty(store.Events);
        Assert.Equal([3], store.AccessAppends);
    }

    [Fact]
    public async Task Access_events_never_reach_live_state_or_the_projections()
    {
        var accepted = new List<ConnectionEvent>();
        var changes = new List<LiveChange>();
        using var _ = _notifier.Subscribe(c => { changes.Add(c); return Task.CompletedTask; });
        await IngestAsync(Authn("dev-1", "success"));
        await IngestAsync(Connack("dev-1", "success"));
        await IngestAsync(Connack("dev-2", "not_authorized"));
        await IngestAsync(Authz("dev-1", "deny"));

        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, new RecordingStore(), new HistoryStatus("test"), _time, onAccepted: accepted.AddRange)
            .RunAsync(CancellationToken.None);
        await _notifier.PublishPendingAsync();

        Assert.Null(_state.GetClient("dev-1"));
        Assert.Null(_state.GetClient("dev-2"));
        Assert.Equal((0, 0), (_state.GetSummary().Known, _state.GetSummary().Online));
        Assert.Empty(accepted);
        // A batch always ends in a notification (as one of only duplicates does), but it names no client.
        Assert.All(changes, c => Assert.Empty(c.ChangedClientIds));
        Assert.Equal((4L, 0L, 0L), (_diagnostics.Received, _diagnostics.Accepted, _diagnostics.ParseFailures));
        Assert.Equal(0, _diagnostics.Connects);
    }

    [Fact]
    public async Task Failures_reach_the_observer_in_arrival_order_and_the_refused_signal_names_their_clients_once_stored()
    {
        var observed = new List<AccessEvent>();
        var storedSignals = new List<LiveChange>();
        var eventSignals = new List<LiveChange>();
        using var refused = _notifier.SubscribeRefusedStored(c => { storedSignals.Add(c); return Task.CompletedTask; });
        using var stored = _notifier.SubscribeStored(c => { eventSignals.Add(c); return Task.CompletedTask; });
        await IngestAsync(Connack("ok", "success"));
        await IngestAsync(Connack("bad-1", "bad_username_or_password"));
        await IngestAsync(Authz("ok", "allow"));
        await IngestAsync(Authz("denied", "deny"));

        _channel.Writer.Complete();
        var store = new RecordingStore();
        await new EventPipeline(_channel.Reader, _state, _notifier, store, new HistoryStatus("test"), _time, onAccessFailures: observed.AddRange)
            .RunAsync(CancellationToken.None);
        await _notifier.PublishPendingAsync();

        Assert.Equal(["bad-1", "denied"], observed.Select(f => f.ClientId));
        Assert.Equal(["bad-1", "denied"], Assert.Single(storedSignals).ChangedClientIds.Order(StringComparer.Ordinal));
        Assert.Empty(eventSignals);
        Assert.Equal(2, store.AccessFailures.Count);
    }

    [Fact]
    public async Task A_repeat_through_a_second_rule_is_counted_and_observed_once()
    {
        var observed = new List<AccessEvent>();
        await IngestAsync(Connack("a", "success"));
        await IngestAsync(Connack("a", "success"));
        await IngestAsync(Connack("b", "bad_username_or_password"));
        await IngestAsync(Connack("b", "bad_username_or_password"));
        await IngestAsync(Authz("a", "deny"));
        await IngestAsync(Authz("a", "deny"));
        await IngestAsync(Authz("a", "allow"));

        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, new RecordingStore(), new HistoryStatus("test"), _time,
            accessCounts: _diagnostics.Access, onAccessFailures: observed.AddRange).RunAsync(CancellationToken.None);

        var counts = _diagnostics.Access;
        Assert.Equal((1L, 1L, 1L, 3L), (counts.ConnackSuccesses, counts.AuthorizationsDenied, counts.AuthorizationsAllowed, counts.Repeats));
        Assert.Equal([KeyValuePair.Create("bad_username_or_password", 1L)], counts.Refused.Snapshot());
        Assert.Equal(["b", "a"], observed.Select(f => f.ClientId));
    }

    [Fact]
    public async Task Successes_are_only_counted_and_failures_counted_per_reason_code()
    {
        var store = new RecordingStore();
        await IngestAsync(Authn("a", "success"));
        await IngestAsync(Connack("a", "success"));
        await IngestAsync(Authn("b", "bad_username_or_password"));
        await IngestAsync(Connack("b", "bad_username_or_password"));
        await IngestAsync(Connack("c", "bad_username_or_password"));
        await IngestAsync(Connack("d", "server_busy"));
        await IngestAsync(Authz("a", "allow"));
        await IngestAsync(Authz("a", "deny"));

        await RunToEndAsync(store, accessCounts: _diagnostics.Access);

        var counts = _diagnostics.Access;
        Assert.Equal((1L, 1L, 1L, 1L, 1L), (counts.ConnackSuccesses, counts.AuthenticationSuccesses, counts.AuthenticationFailures, counts.AuthorizationsAllowed, counts.AuthorizationsDenied));
        Assert.Equal(
            [KeyValuePair.Create("bad_username_or_password", 2L), KeyValuePair.Create("server_busy", 1L)],
            counts.Refused.Snapshot().OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.DoesNotContain(store.AccessFailures, f => !f.IsFailure);
        Assert.Equal(5, store.AccessFailures.Count);
    }

    [Fact]
    public async Task A_store_that_fails_holds_the_acknowledgements_until_the_retry_stores_them()
    {
        var store = new RecordingStore { AccessFailuresBeforeSuccess = 2 };
        var status = new HistoryStatus("test");
        var log = new List<string>();
        await IngestAsync(Connect("online"), AckAll(log, "connect", store));
        await IngestAsync(Connack("x", "banned"), AckAll(log, "refused", store));

        var run = RunToEndAsync(store, status);
        while (!run.IsCompleted)
        {
            await StepOverWaitsAsync();
        }

        await run;

        Assert.Equal(["connect stored=2", "refused stored=2"], log);
        Assert.Equal("x", Assert.Single(store.AccessFailures).ClientId);
        Assert.Equal("online", Assert.Single(store.Events).ClientId);
        Assert.Equal((2L, false, 1L), (status.WriteFailures, status.Failing, status.Stored));
    }

    [Fact]
    public async Task A_failure_the_store_rejects_for_good_is_dropped_as_lost_and_the_rest_are_stored()
    {
        var store = new RecordingStore { IsAccessPoisoned = f => f.ClientId == "poison" };
        var status = new HistoryStatus("test");
        var warnings = new List<string>();
        foreach (var id in new[] { "a", "poison", "b" })
        {
            await IngestAsync(Connack(id, "not_authorized"));
        }

        _channel.Writer.Complete();
        await new EventPipeline(_channel.Reader, _state, _notifier, store, status, _time, onHistoryWarning: (message, _) => warnings.Add(message))
            .RunAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], store.AccessFailures.Select(f => f.ClientId));
        Assert.Equal(1, status.Lost);
        Assert.Contains("POISON", Assert.Single(warnings));
        Assert.DoesNotContain("poison", warnings[0]);
    }

    [Fact]
    public async Task Refused_reason_codes_beyond_64_count_as_other()
    {
        for (var i = 0; i < 70; i++)
        {
            await IngestAsync(Connack($"cap-{i}", $"code_{i:D2}"));
        }

        await RunToEndAsync(new DisabledHistoryStore(), accessCounts: _diagnostics.Access);

        var refused = _diagnostics.Access.Refused.Snapshot();
        Assert.Equal(65, refused.Count);
        Assert.Equal(70, refused.Sum(p => p.Value));
        Assert.Equal(6, refused.Single(p => p.Key == ReasonCounts.Other).Value);
    }

    [Fact]
    public async Task With_history_off_failures_are_counted_and_acknowledged()
    {
        var log = new List<string>();
        await IngestAsync(Connack("x", "bad_username_or_password"), AckAll(log, "refused", null));

        await RunToEndAsync(new DisabledHistoryStore(), accessCounts: _diagnostics.Access);

        Assert.Equal(["refused stored=0"], log);
        Assert.Equal(1, Assert.Single(_diagnostics.Access.Refused.Snapshot()).Value);
    }

    private static string Connack(string clientId, string reasonCode) =>
        $$"""{"event":"client.connack","clientid":"{{clientId}}","reason_code":"{{reasonCode}}","peername":"10.0.0.9:5000","timestamp":1749553000021,"expiry_interval":0}""";

    private static string Authn(string clientId, string reasonCode) =>
        $$"""{"event":"client.check_authn_complete","clientid":"{{clientId}}","reason_code":"{{reasonCode}}","peername":"10.0.0.9:5000","timestamp":1749553000019,"is_superuser":false,"is_anonymous":false}""";

    private static string Authz(string clientId, string result) =>
        $$"""{"event":"client.check_authz_complete","clientid":"{{clientId}}","result":"{{result}}","topic":"factory/line-{{(result == "deny" ? 2 : 1)}}/commands","action":"subscribe","authz_source":"file","peerhost":"10.0.0.9","timestamp":1749553000500}""";

    private static Func<CancellationToken, Task> AckAll(List<string> log, string name, RecordingStore? store) => _ =>
    {
        // Everything the store holds when the item is acknowledged: connection events and access failures.
        log.Add($"{name} stored={(store is null ? 0 : store.Events.Count + store.AccessFailures.Count)}");
        return Task.CompletedTask;
    };
}
