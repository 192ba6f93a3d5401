using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Core.Maintenance;
using Dashboard.Core.Reasons;
using Microsoft.JSInterop;

namespace Dashboard.Tests.Components;

/// <summary>The reasons chart (Overview, Reasons, wallboard) shades the maintenance windows of its range, clipped to it, with our own label only.</summary>
public sealed class MaintenanceShadingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DashboardTestHost.Start;

    private readonly DashboardTestHost _host = new();
    private readonly BunitJSModuleInterop _module;

    public MaintenanceShadingTests()
    {
        _host.Context.JSInterop.Mode = JSRuntimeMode.Strict;
        _module = _host.Context.JSInterop.SetupModule(ApexChart.ModulePath);
        _module.Setup<int>("create", _ => true).SetResult(1);
        _module.Setup<bool>("update", _ => true).SetResult(true);
        _module.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static MaintenanceWindow Window(long id, string target, int fromMinutes, int toMinutes) =>
        new(id, MaintenanceScope.ClientIdPattern, target, T0.AddMinutes(fromMinutes), T0.AddMinutes(toMinutes), "<b>note</b>", "ops", T0.AddDays(-1));

    [Fact]
    public void Windows_of_the_range_are_shaded_clipped_and_labelled_without_their_text_and_a_new_one_updates_the_chart()
    {
        _host.Maintenance.Replace([Window(1, "<img src=x>*", -30, 20), Window(2, "later/*", 90, 120)]);
        var cut = _host.Context.Render<ReasonsChart>(p => p
            .Add(c => c.Buckets, [new ReasonBucket(T0, new Dictionary<string, long> { ["normal"] = 1 }, 0)])
            .Add(c => c.From, T0)
            .Add(c => c.To, T0.AddMinutes(60))
            .Add(c => c.Bucket, TimeSpan.FromMinutes(1)));

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations["create"]), DashboardTestHost.Wait);
        var bands = Bands((JsonObject)_module.Invocations["create"][0].Arguments[1]!);
        Assert.Equal([(T0.ToUnixTimeMilliseconds(), T0.AddMinutes(20).ToUnixTimeMilliseconds())], bands.Select(b => ((long)b["x"]!, (long)b["x2"]!)));
        Assert.Equal(MaintenanceShading.Label, (string?)bands[0]["label"]!["text"]);
        Assert.DoesNotContain("img", _module.Invocations["create"][0].Arguments[1]!.ToString(), StringComparison.Ordinal);

        // A window planned while the page is open: the next render sends the new options.
        _host.Maintenance.Replace([Window(1, "<img src=x>*", -30, 20), Window(3, "now/*", 40, 50)]);
        cut.Render();
        _host.Time.Advance(ApexChart.UpdateInterval);
        cut.WaitForAssertion(() => Assert.NotEmpty(_module.Invocations["update"]), DashboardTestHost.Wait);
        var updated = Bands((JsonObject)_module.Invocations["update"][^1].Arguments[2]!);
        Assert.Equal(2, updated.Count);
    }

    private static List<JsonNode> Bands(JsonObject options) => [.. options["annotations"]!["xaxis"]!.AsArray().Select(b => b!)];
}
