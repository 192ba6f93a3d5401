using Bunit;
using Dashboard.Components.Controls.Cards;
using Dashboard.Components.Layout;
using Dashboard.Core.Ingestion;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

/// <summary>The banner that says what is wrong with ingestion and what to configure.</summary>
public sealed class SourceProblemTests : IAsyncLifetime
{
    private readonly DashboardTestHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void No_source_or_only_disabled_ones_says_which_settings_turn_one_on()
    {
        var none = SourceProblem.Of([]);
        Assert.NotNull(none);
        Assert.False(none.IsError);
        Assert.Contains("Mqtt:Enabled", none.Text, StringComparison.Ordinal);

        _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883").SetState(IngestSourceState.Disabled, DashboardTestHost.Start);
        _host.Diagnostics.AddSource("webhook", "POST /api/ingest/emqx").SetState(IngestSourceState.Disabled, DashboardTestHost.Start);
        Assert.Contains("Webhook:Secret", SourceProblem.Of(_host.Diagnostics.Sources)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broker_that_fails_is_an_error_naming_it_and_the_error_and_a_first_connect_is_not()
    {
        var mqtt = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883 as 'dash'");
        _host.Diagnostics.AddSource("webhook", "POST /api/ingest/emqx").SetState(IngestSourceState.Connected, DashboardTestHost.Start);
        mqtt.SetState(IngestSourceState.Connecting, DashboardTestHost.Start);
        Assert.Null(SourceProblem.Of(_host.Diagnostics.Sources));

        mqtt.SetState(IngestSourceState.Disconnected, DashboardTestHost.Start);
        mqtt.RecordError("Connection refused", DashboardTestHost.Start);
        var problem = SourceProblem.Of(_host.Diagnostics.Sources);
        Assert.NotNull(problem);
        Assert.True(problem.IsError);
        Assert.Contains("mqtt://broker:1883 as 'dash' failed with \"Connection refused\"", problem.Text, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Host", problem.Text, StringComparison.Ordinal);

        mqtt.SetState(IngestSourceState.Connected, DashboardTestHost.Start);
        Assert.Null(SourceProblem.Of(_host.Diagnostics.Sources));
    }

    [Fact]
    public void Every_page_in_the_main_layout_shows_the_banner_and_it_goes_when_the_broker_is_back()
    {
        var mqtt = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        mqtt.SetState(IngestSourceState.Disconnected, DashboardTestHost.Start);
        mqtt.RecordError("Connection refused", DashboardTestHost.Start);

        var cut = _host.Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        Assert.Contains("Connection refused", cut.Find("[data-testid=source-problem]").TextContent, StringComparison.Ordinal);

        mqtt.SetState(IngestSourceState.Connected, DashboardTestHost.Start);
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=source-problem]")), DashboardTestHost.Wait);
    }
}
