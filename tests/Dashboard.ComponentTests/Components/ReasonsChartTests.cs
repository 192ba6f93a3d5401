using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Core.Reasons;
using Microsoft.JSInterop;

namespace Dashboard.Tests.Components;

/// <summary><see cref="ReasonsChart"/> against a strict fake of lib/charts.js: the series it creates and updates.</summary>
public sealed class ReasonsChartTests : IAsyncLifetime
{
    private const int Handle = 3;
    private static readonly DateTimeOffset T0 = DashboardTestHost.Start;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly DashboardTestHost _host = new();
    private readonly BunitJSModuleInterop _module;

    public ReasonsChartTests()
    {
        _host.Context.JSInterop.Mode = JSRuntimeMode.Strict;
        _module = _host.Context.JSInterop.SetupModule(ApexChart.ModulePath);
        _module.Setup<int>("create", _ => true).SetResult(Handle);
        _module.Setup<bool>("update", invocation => Equals(invocation.Arguments[0], Handle)).SetResult(true);
        _module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Creates_stacked_bars_with_one_series_per_reason_grouped_by_category_and_coloured_by_it()
    {
        var cut = Render(
            Bucket(0, ("tcp_closed", 2), ("normal", 1)),
            Bucket(1),
            Bucket(2, ("tcp_closed", 1), ("odd reason!", 4), ("keepalive_timeout", 1)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);
        var options = Assert.IsType<JsonObject>(_module.Invocations["create"][0].Arguments[1]);
        Assert.Equal("bar", (string?)options["chart"]!["type"]);
        Assert.True((bool)options["chart"]!["stacked"]!);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), (long)options["xaxis"]!["min"]!);

        var series = options["series"]!.AsArray();
        Assert.Equal(["normal", "keepalive_timeout", "tcp_closed", "odd reason!"], series.Select(s => (string)s!["name"]!));
        Assert.Equal([[Ms(0), 0], [Ms(1), 0], [Ms(2), 4]], Points(series[3]!));
        Assert.Equal([[Ms(0), 2], [Ms(1), 0], [Ms(2), 1]], Points(series[2]!));
        Assert.Equal(ReasonColors.Of("tcp_closed"), (string?)series[2]!["color"]);
        Assert.Equal(ReasonColors.BaseOf(ReasonColorGroup.Graceful), (string?)series[0]!["color"]);

        // Without a click handler, no .NET reference goes to the browser.
        Assert.Equal(2, _module.Invocations["create"][0].Arguments.Count);
    }

    [Fact]
    public async Task A_clicked_bar_reports_its_reason()
    {
        var clicked = new List<string>();
        var cut = _host.Context.Render<ReasonsChart>(p => p
            .Add(c => c.Buckets, [Bucket(0, ("odd reason!", 1))])
            .Add(c => c.From, T0)
            .Add(c => c.To, T0 + Minute)
            .Add(c => c.Bucket, Minute)
            .Add(c => c.OnReasonClick, reason => clicked.Add(reason)));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        var self = Assert.IsType<DotNetObjectReference<ApexChart>>(_module.Invocations["create"][0].Arguments[2]);
        await cut.InvokeAsync(() => self.Value.OnSeriesClickAsync("odd reason!"));

        Assert.Equal(["odd reason!"], clicked);
    }

    [Fact]
    public void New_buckets_update_the_chart_in_place()
    {
        var cut = Render(Bucket(0, ("normal", 1)));
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        cut.Render(p => p.Add(c => c.Buckets, [Bucket(0, ("normal", 1)), Bucket(1, ("kicked", 5))]));
        _host.Time.Advance(ApexChart.UpdateInterval);

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["update"]), DashboardTestHost.Wait);
        var series = (JsonArray)_module.Invocations["update"][0].Arguments[1]!;
        Assert.Equal(["normal", "kicked"], series.Select(s => (string)s!["name"]!));
        Assert.Equal([[Ms(0), 0], [Ms(1), 5]], Points(series[1]!));
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void The_activity_series_are_connects_and_the_online_samples_when_there_are_any()
    {
        ReasonBucket[] live = [Bucket(0) with { Connects = 4, Online = 10 }, Bucket(1) with { Connects = 1 }];
        ReasonBucket[] history = [Bucket(0) with { Connects = 2 }];

        var fromLive = ReasonsChartData.ActivityOf(live);
        var fromHistory = ReasonsChartData.ActivityOf(history);

        Assert.Equal(["connects", "online"], fromLive.Select(s => s.Name));
        Assert.Equal([[Ms(0), 4], [Ms(1), 1]], fromLive[0].Data);
        Assert.Equal([[Ms(0), 10], [Ms(1), null]], fromLive[1].Data);
        Assert.Equal(["connects"], fromHistory.Select(s => s.Name));
    }

    [Fact]
    public void Colours_are_stable_per_reason_and_differ_within_a_category()
    {
        Assert.Equal(ReasonColors.Of("made-up"), ReasonColors.Of("made-up"));
        Assert.NotEqual(ReasonColors.Of("tcp_closed"), ReasonColors.Of("ssl_closed"));
        Assert.Matches("^#[0-9a-f]{6}$", ReasonColors.Of("anything at all"));
    }

    private IRenderedComponent<ReasonsChart> Render(params ReasonBucket[] buckets) =>
        _host.Context.Render<ReasonsChart>(p => p
            .Add(c => c.Buckets, buckets)
            .Add(c => c.From, T0)
            .Add(c => c.To, T0 + (Minute * buckets.Length))
            .Add(c => c.Bucket, Minute));

    private static ReasonBucket Bucket(int minute, params (string Reason, long Count)[] counts) =>
        new(T0 + (Minute * minute), counts.ToDictionary(c => c.Reason, c => c.Count), 0);

    private static long Ms(int minute) => (T0 + (Minute * minute)).ToUnixTimeMilliseconds();

    private static long[][] Points(JsonNode series) =>
        series["data"]!.AsArray().Select(p => p!.AsArray().Select(v => (long)v!).ToArray()).ToArray();

    [Fact]
    public void The_chart_says_in_words_what_it_shows_for_screen_readers()
    {
        var at = DashboardTestHost.Start;
        var buckets = new List<ReasonBucket>
        {
            new(at, new Dictionary<string, long> { ["keepalive_timeout"] = 700, ["takenover"] = 2 }, 0),
            new(at.AddMinutes(1), new Dictionary<string, long> { ["keepalive_timeout"] = 800, ["normal"] = 2 }, 0),
        };
        Assert.Equal("Disconnects per reason over time: 1,504 in all; keepalive_timeout 1,500, normal 2, takenover 2.", ReasonsChartData.Describe(buckets));
        Assert.Equal("Disconnects per reason over time: none in this range.", ReasonsChartData.Describe([]));

        var many = Enumerable.Range(1, 7).Select(i => new ReasonBucket(at, new Dictionary<string, long> { [$"r{i}"] = i }, 0)).ToList();
        Assert.EndsWith("r3 3, and others.", ReasonsChartData.Describe(many), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusals_chart_orders_and_colours_codes_by_the_refusal_catalogue_and_says_what_it_counts()
    {
        ReasonBucket[] buckets = [Bucket(0, ("server_busy", 1), ("bad_username_or_password", 2), ("<i>odd</i>", 1))];

        var series = ReasonsChartData.SeriesOf(buckets, refusals: true);

        // By colour group (administrative, authorization, …, unrecognised last); names verbatim (charts.js escapes them).
        Assert.Equal(["server_busy", "bad_username_or_password", "<i>odd</i>"], series.Select(s => s.Name));
        Assert.Equal(ReasonColors.BaseOf(ReasonColorGroup.Authorization), series[1].Color);
        Assert.Equal(ReasonColors.OfRefusal("server_busy"), series[0].Color);
        Assert.NotEqual(ReasonColors.Of("bad_username_or_password"), series[1].Color);
        Assert.StartsWith("Refused connects per reason code over time: 4 in all;", ReasonsChartData.Describe(buckets, refusals: true), StringComparison.Ordinal);
    }
}
