using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Microsoft.JSInterop;

namespace Dashboard.Tests.Components;

/// <summary>
/// <see cref="ApexChart"/> against a strict fake of lib/charts.js: every call must be one the test
/// set up, so a stray call (a second create, an update before the chart exists) fails the test.
/// </summary>
public sealed class ChartInteropTests : IAsyncLifetime
{
    private const int Handle = 7;

    private readonly DashboardTestHost _host = new();
    private readonly BunitJSModuleInterop _module;
    private readonly JSRuntimeInvocationHandler _dispose;

    public ChartInteropTests()
    {
        _host.Context.JSInterop.Mode = JSRuntimeMode.Strict;
        _module = _host.Context.JSInterop.SetupModule(ApexChart.ModulePath);
        _module.Setup<int>("create", _ => true).SetResult(Handle);
        _module.Setup<bool>("update", invocation => Equals(invocation.Arguments[0], Handle)).SetResult(true);
        _dispose = _module.SetupVoid("dispose", invocation => Equals(invocation.Arguments[0], Handle));
        _dispose.SetVoidResult();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void First_render_creates_the_chart_with_options_series_and_height()
    {
        var cut = RenderChart(Series(1, 2, 3), type: "bar", height: 250);

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);
        var options = Assert.IsType<JsonObject>(_module.Invocations["create"][0].Arguments[1]);
        Assert.Equal("bar", (string?)options["chart"]!["type"]);
        Assert.Equal(250, (int?)options["chart"]!["height"]);
        Assert.Equal("hits", (string?)options["series"]![0]!["name"]);
        Assert.Equal([1, 2, 3], options["series"]![0]!["data"]!.AsArray().Select(n => (int)n!));
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(_module.Invocations["create"][0].Arguments[0]);
        Assert.Equal("min-height: 250px", cut.Find("[data-testid=chart]").GetAttribute("style"));
    }

    [Fact]
    public void Parameter_changes_update_the_chart_in_place_at_most_every_200_ms()
    {
        var cut = RenderChart(Series(1), type: "bar");
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        // Two changes inside one interval fold into one update with the latest series.
        cut.Render(p => p.Add(c => c.Series, Series(2)));
        cut.Render(p => p.Add(c => c.Series, Series(3)));
        Assert.Empty(_module.Invocations["update"]);

        _host.Time.Advance(ApexChart.UpdateInterval);

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["update"]), DashboardTestHost.Wait);
        var update = _module.Invocations["update"][0];
        Assert.Equal(Handle, update.Arguments[0]);
        Assert.Equal(3, (int)((JsonArray)update.Arguments[1]!)[0]!["data"]![0]!);
        Assert.Null(update.Arguments[2]);
        Assert.Single(_module.Invocations["create"]);
    }

    [Fact]
    public void New_options_are_sent_with_the_update_and_unchanged_parameters_send_nothing()
    {
        var cut = RenderChart(Series(1), type: "bar");
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        // A parent re-render with equal values (new objects, same JSON) costs no interop call.
        cut.Render(p => p.Add(c => c.Series, Series(1)).Add(c => c.Options, Options("bar")));
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_module.Invocations["update"]);

        cut.Render(p => p.Add(c => c.Options, Options("line")));
        _host.Time.Advance(ApexChart.UpdateInterval);

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["update"]), DashboardTestHost.Wait);
        var options = Assert.IsType<JsonObject>(_module.Invocations["update"][0].Arguments[2]);
        Assert.Equal("line", (string?)options["chart"]!["type"]);
        Assert.Null(options["series"]);
    }

    [Fact]
    public void A_change_after_a_quiet_interval_is_sent_at_once()
    {
        var cut = RenderChart(Series(1), type: "bar");
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);
        _host.Time.Advance(TimeSpan.FromSeconds(5));

        cut.Render(p => p.Add(c => c.Series, Series(9)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["update"]), DashboardTestHost.Wait);
    }

    [Fact]
    public async Task Disposing_destroys_the_chart_and_releases_the_module()
    {
        var cut = RenderChart(Series(1), type: "bar");
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        await _host.Context.DisposeComponentsAsync();

        var dispose = Assert.Single(_module.Invocations["dispose"]);
        Assert.Equal(Handle, dispose.Arguments[0]);
    }

    [Fact]
    public async Task A_closed_circuit_while_disposing_is_not_an_error()
    {
        _dispose.SetException(new JSDisconnectedException("The circuit is gone."));
        var cut = RenderChart(Series(1), type: "bar");
        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);

        await _host.Context.DisposeComponentsAsync();

        Assert.Single(_module.Invocations["dispose"]);
    }

    [Fact]
    public async Task A_chart_still_being_created_when_the_page_goes_away_is_destroyed_once_it_exists()
    {
        var slowCreate = _module.Setup<int>("create", _ => true);
        RenderChart(Series(1), type: "bar");

        var disposing = _host.Context.DisposeComponentsAsync();
        Assert.Empty(_module.Invocations["dispose"]);
        slowCreate.SetResult(Handle);
        await disposing;

        Assert.Equal(Handle, Assert.Single(_module.Invocations["dispose"]).Arguments[0]);
    }

    [Fact]
    public void Options_may_be_given_as_a_json_string()
    {
        var cut = _host.Context.Render<ApexChart>(p => p
            .Add(c => c.Options, """{"chart":{"type":"rangeBar"},"xaxis":{"type":"datetime"}}""")
            .Add(c => c.Series, Series(1))
            .Add(c => c.TestId, "chart"));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);
        var options = (JsonObject)_module.Invocations["create"][0].Arguments[1]!;
        Assert.Equal("datetime", (string?)options["xaxis"]!["type"]);
        Assert.Equal(300, (int?)options["chart"]!["height"]);
    }

    private IRenderedComponent<ApexChart> RenderChart(object series, string type, int height = 300) =>
        _host.Context.Render<ApexChart>(p => p
            .Add(c => c.Options, Options(type))
            .Add(c => c.Series, series)
            .Add(c => c.Height, height)
            .Add(c => c.TestId, "chart"));

    private static object Options(string type) => new { chart = new { type }, dataLabels = new { enabled = false } };

    private static object[] Series(params int[] data) => [new { name = "hits", data }];
}
