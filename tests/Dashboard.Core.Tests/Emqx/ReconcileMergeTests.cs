using Dashboard.Core.Emqx;
using Dashboard.Core.Events;
using Dashboard.Core.Reasons;
using static Dashboard.Core.Tests.Emqx.ReconcileHarness;

namespace Dashboard.Core.Tests.Emqx;

/// <summary>The merge of EMQX's listing with the event stream, through the real pipeline and session model.</summary>
public sealed class ReconcileMergeTests : IAsyncDisposable
{
    private readonly ReconcileHarness _h = new();

    private static DateTimeOffset Ago(TimeSpan t) => Now0 - t;

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task A_listed_client_with_no_session_here_comes_online_from_the_listing_with_its_connected_at()
    {
        var connectedAt = Ago(TimeSpan.FromHours(2)).AddMilliseconds(123);

        var figures = await _h.ReconcileAsync(Pages([[Listed("a", connectedAt, port: 41000)]]));

        var a = _h.State.GetClient("a")!;
        Assert.True(a.Online);
        Assert.Equal(connectedAt, a.ConnectedAt);
        Assert.Equal(41000, a.PeerPort);
        Assert.Equal((1, 1, 0, 0, 1), (figures.BrokerOnline, figures.MarkedOnline, figures.MarkedOffline, figures.Unchanged, figures.Pages));
        var stored = Assert.Single(_h.Stored(EventSourceKind.Rest));
        Assert.Equal((ConnectionEventKind.Connected, connectedAt, connectedAt), (stored.Kind, stored.EventTime, stored.ConnectedAt));
        Assert.Contains("\"correction\":\"listed_as_connected\"", stored.RawJson, StringComparison.Ordinal);
        Assert.Equal(Now0, figures.StartedAt);
    }

    [Fact]
    public async Task A_client_online_here_that_the_broker_does_not_list_goes_offline_reconciled_at_the_listing_start()
    {
        var session = TestEventsAt("gone", Ago(TimeSpan.FromMinutes(30)));
        await _h.ApplyAsync(session);
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        var listingStart = _h.Time.GetUtcNow();

        var figures = await _h.ReconcileAsync(Pages([[Listed("other", Ago(TimeSpan.FromHours(1)))]]));

        var gone = _h.State.GetClient("gone")!;
        Assert.False(gone.Online);
        Assert.Equal(ReasonNames.Reconciled, gone.LastReason);
        Assert.Equal(listingStart, gone.DisconnectedAt);
        Assert.Equal(1, figures.MarkedOffline);
        var ending = Assert.Single(_h.Stored(EventSourceKind.Rest), e => e.Kind == ConnectionEventKind.Disconnected);
        Assert.Equal(("gone", listingStart, session.ConnectedAt, ReasonNames.Reconciled), (ending.ClientId, ending.EventTime, ending.ConnectedAt, ending.Reason));
        Assert.Equal("closed without an event", ReasonCatalog.Describe(ReasonNames.Reconciled).Explanation[..23].ToLowerInvariant());
    }

    [Fact]
    public async Task A_listed_client_whose_disconnect_arrives_during_the_listing_stays_offline()
    {
        // Before its page: the real disconnect wins over the listing's stale view.
        var early = TestEventsAt("early", Ago(TimeSpan.FromMinutes(20)));
        await _h.ApplyAsync(early);

        // After its page: the correction is applied first, and the real disconnect ends that very session.
        var late = Ago(TimeSpan.FromMinutes(10));
        var figures = await _h.ReconcileAsync(Pages(
            [[Listed("late", late)], [Listed("early", early.ConnectedAt!.Value)]],
            between: async i =>
            {
                _h.Time.Advance(TimeSpan.FromSeconds(1));
                if (i == 0)
                {
                    await _h.ApplyAsync(Dashboard.Tests.Shared.TestEvents.Disconnected(early, _h.Time.GetUtcNow(), "tcp_closed"));
                    await _h.ApplyAsync(Dashboard.Tests.Shared.TestEvents.Disconnected(TestEventsAt("late", late), _h.Time.GetUtcNow(), "normal"));
                }
            }));

        Assert.False(_h.State.GetClient("early")!.Online);
        Assert.Equal("tcp_closed", _h.State.GetClient("early")!.LastReason);
        Assert.False(_h.State.GetClient("late")!.Online);
        Assert.Equal("normal", _h.State.GetClient("late")!.LastReason);
        Assert.Equal(0, figures.MarkedOffline);
    }

    [Fact]
    public async Task A_client_that_connects_during_the_listing_after_its_page_passed_is_never_dropped()
    {
        // One new, one already online here on an old session that reconnects during the listing.
        await _h.ApplyAsync(TestEventsAt("again", Ago(TimeSpan.FromHours(3))));

        var figures = await _h.ReconcileAsync(Pages(
            [[Listed("x", Ago(TimeSpan.FromHours(1)))], [Listed("y", Ago(TimeSpan.FromHours(1)))]],
            between: async i =>
            {
                _h.Time.Advance(TimeSpan.FromSeconds(2));
                if (i == 0)
                {
                    await _h.ApplyAsync(TestEventsAt("new", _h.Time.GetUtcNow()));
                    await _h.ApplyAsync(TestEventsAt("again", _h.Time.GetUtcNow(), port: 42000));
                }
            }));

        Assert.True(_h.State.GetClient("new")!.Online);
        Assert.True(_h.State.GetClient("again")!.Online);
        Assert.Equal(0, figures.MarkedOffline);
        Assert.DoesNotContain(_h.Stored(EventSourceKind.Rest), e => e.Kind == ConnectionEventKind.Disconnected);
    }

    [Fact]
    public async Task A_session_younger_than_the_clock_skew_before_the_listing_is_left_for_the_next_reconcile()
    {
        await _h.ApplyAsync(TestEventsAt("young", Ago(Skew / 2)));

        var figures = await _h.ReconcileAsync(Pages([[]]));

        Assert.True(_h.State.GetClient("young")!.Online);
        Assert.Equal(0, figures.MarkedOffline);
    }

    [Fact]
    public async Task An_older_session_here_than_the_listed_one_is_replaced_and_a_newer_one_is_kept()
    {
        var older = Ago(TimeSpan.FromHours(2));
        var newer = Ago(TimeSpan.FromHours(1));
        await _h.ApplyAsync(TestEventsAt("behind", older));
        await _h.ApplyAsync(TestEventsAt("ahead", newer));

        var figures = await _h.ReconcileAsync(Pages([[Listed("behind", newer, port: 43000), Listed("ahead", older)]]));

        Assert.Equal((newer, 43000), (_h.State.GetClient("behind")!.ConnectedAt, _h.State.GetClient("behind")!.PeerPort));
        Assert.Equal(newer, _h.State.GetClient("ahead")!.ConnectedAt);
        Assert.True(_h.State.GetClient("ahead")!.Online);
        Assert.Equal((1, 1, 0), (figures.MarkedOnline, figures.Unchanged, figures.MarkedOffline));
        Assert.Equal(["behind"], _h.Stored(EventSourceKind.Rest).Select(e => e.ClientId));
    }

    [Fact]
    public async Task A_listing_that_fails_part_way_marks_nothing_offline_and_keeps_what_it_listed()
    {
        await _h.ApplyAsync(TestEventsAt("unlisted", Ago(TimeSpan.FromHours(2))));

        var failure = await Assert.ThrowsAsync<IOException>(() => _h.ReconcileAsync(Pages(
            [[Listed("first-page", Ago(TimeSpan.FromHours(1)))]],
            failAfterLast: new IOException("page 2 failed"))));

        Assert.Equal("page 2 failed", failure.Message);
        Assert.True(_h.State.GetClient("unlisted")!.Online);
        Assert.True(_h.State.GetClient("first-page")!.Online);
        Assert.DoesNotContain(_h.Stored(EventSourceKind.Rest), e => e.Kind == ConnectionEventKind.Disconnected);
    }

    [Fact]
    public async Task A_second_reconcile_of_the_same_broker_changes_and_stores_nothing()
    {
        await _h.ApplyAsync(TestEventsAt("gone", Ago(TimeSpan.FromHours(2))));
        var pages = new List<IReadOnlyList<BrokerClient>> { new[] { Listed("a", Ago(TimeSpan.FromHours(1))), Listed("b", Ago(TimeSpan.FromHours(1))) } };
        await _h.ReconcileAsync(Pages(pages));
        var storedAfterFirst = _h.Stored(EventSourceKind.Rest).Count();
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var second = await _h.ReconcileAsync(Pages(pages));

        Assert.Equal(3, storedAfterFirst);
        Assert.Equal(3, _h.Stored(EventSourceKind.Rest).Count());
        Assert.Equal((2, 0, 0, 2), (second.BrokerOnline, second.MarkedOnline, second.MarkedOffline, second.Unchanged));
    }

    [Fact]
    public async Task A_connected_at_far_ahead_of_the_clock_is_clamped_as_the_parser_clamps_it()
    {
        var figures = await _h.ReconcileAsync(Pages([[Listed("future", Now0.AddYears(10))]]));

        var stored = Assert.Single(_h.Stored(EventSourceKind.Rest));
        Assert.True(stored.TimeClamped);
        Assert.Equal(Now0, stored.ConnectedAt);
        Assert.Equal(1, figures.MarkedOnline);
    }

    [Fact]
    public async Task Corrections_wait_for_the_store_so_that_live_events_never_queue_behind_a_whole_listing()
    {
        _h.Store.Gate = new TaskCompletionSource();
        var listed = Enumerable.Range(0, 2500).Select(i => Listed($"c{i}", Ago(TimeSpan.FromHours(1)))).ToList();

        var run = _h.ReconcileAsync(Pages([listed[..1200], listed[1200..]]));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_h.State.GetSummary().Online < ReconcileRun.MaxCorrectionsAhead && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        Assert.Equal(ReconcileRun.MaxCorrectionsAhead, _h.State.GetSummary().Online);
        Assert.False(run.IsCompleted);

        _h.Store.Gate.SetResult();
        var figures = await run;
        Assert.Equal((2500, 2500), (figures.MarkedOnline, _h.State.GetSummary().Online));
    }

    [Fact]
    public async Task The_dashboards_own_session_is_neither_changed_by_the_listing_nor_swept()
    {
        var session = TestEventsAt("dashboard", Ago(TimeSpan.FromHours(2)));
        await _h.ApplyAsync(session);

        var listed = await _h.ReconcileAsync(Pages([[Listed("dashboard", Ago(TimeSpan.FromHours(1))), Listed("a", Ago(TimeSpan.FromHours(1)))]]), ownClientId: "dashboard");
        var unlisted = await _h.ReconcileAsync(Pages([[Listed("a", Ago(TimeSpan.FromHours(1)))]]), ownClientId: "dashboard");

        Assert.Equal((1, 1, 0), (listed.BrokerOnline, listed.MarkedOnline, unlisted.MarkedOffline));
        Assert.True(_h.State.GetClient("dashboard")!.Online);
        Assert.Equal(session.ConnectedAt, _h.State.GetClient("dashboard")!.ConnectedAt);
        Assert.DoesNotContain(_h.Stored(EventSourceKind.Rest), e => e.ClientId == "dashboard");
    }

    private static ConnectionEvent TestEventsAt(string clientId, DateTimeOffset at, int port = 50000) =>
        Dashboard.Tests.Shared.TestEvents.Connected(clientId, at, port: port);
}
