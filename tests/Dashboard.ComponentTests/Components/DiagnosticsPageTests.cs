using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public sealed class DiagnosticsPageTests : IAsyncLifetime
{
    private const string HostilePayload = "<script>alert('x')</script><b>bold</b>{\"clientid\":";

    private readonly DashboardTestHost _host = new();

    private DateTimeOffset Now => _host.Time.GetUtcNow();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Shows_a_raw_payload_as_escaped_text_never_as_markup()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        _host.Diagnostics.RecordParseFailure(source, new ParseFailure(
            "Payload is not JSON", HostilePayload, "client_connected", EventSourceKind.Mqtt, Now, 61));

        var cut = _host.Context.Render<Diagnostics>();

        var raw = cut.Find("[data-testid=raw-payload]");
        Assert.Equal(HostilePayload, raw.TextContent);
        Assert.Empty(raw.Children);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("[data-testid=parse-failures] b"));
        Assert.Contains("&lt;script&gt;", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Payload is not JSON", cut.Find("[data-testid=parse-failure-error]").TextContent);
        Assert.NotNull(raw.Closest("details"));
    }

    [Fact]
    public void Shows_each_source_and_the_pipeline_counters()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883 as 'dash'");
        source.SetState(IngestSourceState.Disconnected, Now.AddMinutes(-2));
        source.RecordConnectAttempt();
        source.RecordConnectAttempt();
        source.RecordError("Not authorized to subscribe to $SYS/brokers/+/clients/#", Now.AddMinutes(-2));
        var connected = TestEvents.Connected("sensor-1", Now);
        _host.Apply(connected, connected);

        var cut = _host.Context.Render<Diagnostics>();

        var row = cut.Find("[data-testid=source-row]");
        Assert.Equal("mqtt", row.GetAttribute("data-source"));
        Assert.Contains("mqtt://broker:1883 as 'dash'", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("disconnected", cut.Find("[data-testid=source-row-state]").GetAttribute("data-state"));
        Assert.Contains("Not authorized", cut.Find("[data-testid=source-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 min ago", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", cut.Find("[data-testid=count-accepted]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-duplicates]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=count-parse-failures]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=no-parse-failures]"));
    }

    [Fact]
    public void Counts_event_times_clamped_to_their_arrival()
    {
        var source = _host.Diagnostics.AddSource("webhook", "POST /api/ingest/emqx");
        var writer = new IngestWriter(new EmqxEventParser(), _host.Channel, _host.Diagnostics, _host.Time);
        var forged = """{"event":"client.connected","clientid":"fut","connected_at":253402300799000}"""u8.ToArray();

        var parsed = writer.Parse(source, new System.Buffers.ReadOnlySequence<byte>(forged), null, EventSourceKind.Webhook);

        Assert.Equal(Now, parsed.Event!.EventTime);
        var cut = _host.Context.Render<Diagnostics>();
        Assert.Equal("1", cut.Find("[data-testid=count-clamped-times]").TextContent);
    }

    [Fact]
    public void Refreshes_every_second_without_events()
    {
        var source = _host.Diagnostics.AddSource("mqtt", "mqtt://broker:1883");
        var cut = _host.Context.Render<Diagnostics>();
        Assert.Empty(cut.FindAll("[data-testid=parse-failure]"));

        _host.Diagnostics.RecordParseFailure(source, new ParseFailure("Payload is empty", string.Empty, "client_connected", EventSourceKind.Mqtt, Now, 0));
        source.SetState(IngestSourceState.Connected, Now);
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=parse-failure]")), DashboardTestHost.Wait);
        Assert.Equal("connected", cut.Find("[data-testid=source-row-state]").GetAttribute("data-state"));
        Assert.Equal("1", cut.Find("[data-testid=count-parse-failures]").TextContent);
    }

    [Fact]
    public async Task Shows_dead_letters_from_the_store_escaped_and_reads_again_when_their_count_moves()
    {
        var (store, status) = WithHistory();
        await store.AddDeadLetterAsync(TestEvents.Connected("dev\0ice<b>x</b>", Now) with { RawJson = HostilePayload + "\0" }, new InvalidOperationException("22021: invalid byte sequence"), Now.AddMinutes(-3), CancellationToken.None);

        var cut = _host.Context.Render<Diagnostics>();

        Assert.Equal(@"dev\u0000ice<b>x</b>", cut.Find("[data-testid=dead-letter-client]").TextContent);
        Assert.Equal(HostilePayload + @"\u0000", cut.Find("[data-testid=dead-letter-payload]").TextContent);
        Assert.Contains("22021: invalid byte sequence", cut.Find("[data-testid=dead-letter-error]").TextContent, StringComparison.Ordinal);
        Assert.Contains("3 min ago", cut.Find("[data-testid=dead-letter]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=dead-letters] b"));
        Assert.Empty(cut.FindAll("script"));

        await store.AddDeadLetterAsync(TestEvents.Connected("second", Now), new InvalidOperationException("23502"), Now, CancellationToken.None);
        status.RecordDeadLetter();
        _host.Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=dead-letter]").Count), DashboardTestHost.Wait);
        Assert.Equal("second", cut.Find("[data-testid=dead-letter-client]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=history-dead-lettered]").TextContent);
    }

    [Fact]
    public void A_store_that_cannot_be_read_says_so_without_its_internals()
    {
        var (store, _) = WithHistory();
        store.FailWith = new InvalidOperationException("connection to db.internal:5432 refused");

        var cut = _host.Context.Render<Diagnostics>();

        Assert.Contains("could not be read", cut.Find("[data-testid=dead-letters-error]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("db.internal", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_history_there_is_no_dead_letter_list()
    {
        var cut = _host.Context.Render<Diagnostics>();

        Assert.Empty(cut.FindAll("[data-testid=dead-letters]"));
    }

    private (InMemoryHistoryStore Store, HistoryStatus Status) WithHistory()
    {
        var store = new InMemoryHistoryStore();
        var status = new HistoryStatus("memory");
        _host.Context.Services.AddSingleton<IHistoryStore>(store);
        _host.Context.Services.AddSingleton(status);
        return (store, status);
    }
}
