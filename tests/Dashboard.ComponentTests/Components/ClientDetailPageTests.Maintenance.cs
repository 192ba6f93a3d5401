using System.Text.Json.Nodes;
using Bunit;
using Dashboard.Components.Controls.Charts;
using Dashboard.Core.Maintenance;

namespace Dashboard.Tests.Components;

/// <summary>The drill-down's timeline shades the maintenance windows that cover its client, and only those.</summary>
public sealed partial class ClientDetailPageTests
{
    [Fact]
    public void The_timeline_shades_the_windows_covering_this_client_only()
    {
        _host.Maintenance.Replace(
        [
            new MaintenanceWindow(1, MaintenanceScope.ClientIdPattern, "sensor-*", Now.AddMinutes(-35), Now.AddMinutes(-25), "swap", "ops", Now.AddDays(-1)),
            new MaintenanceWindow(2, MaintenanceScope.ClientIdPattern, "valve-*", Now.AddMinutes(-45), Now.AddMinutes(-5), "other", "ops", Now.AddDays(-1)),
        ]);
        SeeTakeoverStory();

        var cut = RenderDetail(ClientId);

        cut.WaitForAssertion(() => Assert.Single(_charts.Invocations["create"]), DashboardTestHost.Wait);
        var options = (JsonObject)_charts.Invocations["create"][0].Arguments[1]!;
        var band = Assert.Single(options["annotations"]!["xaxis"]!.AsArray());
        Assert.Equal((Now.AddMinutes(-35).ToUnixTimeMilliseconds(), Now.AddMinutes(-25).ToUnixTimeMilliseconds()), ((long)band!["x"]!, (long)band["x2"]!));
        Assert.Equal(MaintenanceShading.Label, (string?)band["label"]!["text"]);
    }
}
