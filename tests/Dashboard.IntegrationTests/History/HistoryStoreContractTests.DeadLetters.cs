using Dashboard.Core.Events;
using Dashboard.Core.History;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using static Dashboard.Tests.History.HistoryExpectations;
using static Dashboard.Tests.Shared.TestEvents;

namespace Dashboard.Tests.History;

/// <summary>Rows the database rejects for good: classified, dead-lettered, and never a stall of ingestion.</summary>
public abstract partial class HistoryStoreContractTests
{
    /// <summary>Installs a real constraint in this test's database that rejects events of <paramref name="clientId"/>.</summary>
    protected abstract Task RejectClientIdAsync(string clientId);

    [Fact]
    public async Task A_batch_breaking_a_constraint_fails_whole_with_a_permanent_error()
    {
        await RejectClientIdAsync("poison");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync([Connected("a", 1), Connected("poison", 2), Connected("b", 3)], None));

        Assert.True(Store.Classify(error).IsPermanent, error.Message);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task A_null_client_id_breaks_not_null_a_permanent_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendAsync([Connected("a", 1) with { ClientId = null! }], None));

        Assert.True(Store.Classify(error).IsPermanent, error.Message);
    }

    [Fact]
    public void Errors_that_may_pass_are_transient()
    {
        Assert.False(Store.Classify(new IOException("disk full")).IsPermanent);
        Assert.False(Store.Classify(new TimeoutException()).IsPermanent);
        Assert.False(Store.Classify(new InvalidOperationException("connection is closed")).IsPermanent);
    }

    [Fact]
    public async Task A_dead_letter_keeps_the_client_id_payload_and_error_exactly_once_per_event()
    {
        var rejected = Connected("nul\0in/the-id", 1) with { RawJson = "{\"clientid\":\"nul\\u0000in/the-id\",\"raw\":\"\0\"}" };
        var error = new InvalidOperationException("value rejected: " + new string('x', 5000));
        var at = T0.AddMinutes(5);

        Assert.True(await Store.AddDeadLetterAsync(rejected, error, at, None));
        Assert.False(await Store.AddDeadLetterAsync(rejected, error, at.AddSeconds(1), None));
        Assert.True(await Store.AddDeadLetterAsync(Connected("other", 2) with { RawJson = null }, error, at.AddSeconds(2), None));

        var letters = await Store.GetDeadLettersAsync(10, None);
        Assert.Equal(2, letters.Count);
        var (newest, first) = (letters.Recent[0], letters.Recent[1]);
        Assert.Equal(("nul\0in/the-id", rejected.RawJson, at), (first.ClientId, first.Payload, first.FailedAt));
        Assert.Equal(Store.Classify(error).Code, first.ErrorCode);
        Assert.StartsWith("value rejected: xxx", first.Error);
        Assert.True(first.Error.Length <= 1000);

        // Made without a raw payload: the parsed event itself is kept, as JSON.
        Assert.Equal("other", newest.ClientId);
        Assert.Contains("\"ClientId\":\"other\"", newest.Payload);
        Assert.Single((await Store.GetDeadLettersAsync(1, None)).Recent);
    }

    [Fact]
    public async Task No_dead_letters_at_first()
    {
        var letters = await Store.GetDeadLettersAsync(5, None);

        Assert.Equal(0, letters.Count);
        Assert.Empty(letters.Recent);
    }

    [Fact]
    public async Task Through_the_pipeline_a_rejected_row_is_dead_lettered_the_rest_stored_and_acknowledged_and_ingestion_goes_on()
    {
        await RejectClientIdAsync("poison");

        var result = await RunPipelineAsync(
            [Connected("a", 1), Connected("b", 2), Connected("poison", 3), Disconnected("a", 4), Connected("c", 5)],
            [Connected("later", 6)]);

        Assert.Equal(["a@1", "b@2", "a@4", "c@5", "later@6"], Keys(await AllAsync()));
        Assert.Equal("poison", Assert.Single((await Store.GetDeadLettersAsync(10, None)).Recent).ClientId);
        Assert.Equal(6, result.Acknowledged);
        Assert.Equal((5L, 1L, 0L), (result.Status.Stored, result.Status.DeadLettered, result.Status.Lost));
        Assert.False(result.Status.Failing);
    }

    [Fact]
    public async Task A_slow_export_does_not_hold_up_writes()
    {
        await Store.AppendAsync(Enumerable.Range(0, 3000).Select(i => Connected($"c{i}", i)).ToArray(), None);

        // An export that has read one row and then waits, as a slow download does: its connection
        // and statement stay open.
        await using (var export = Store.ExportAsync(DateTimeOffset.UnixEpoch, T0.AddYears(1), null, None).GetAsyncEnumerator())
        {
            Assert.True(await export.MoveNextAsync());

            var write = Store.AppendAsync(Enumerable.Range(0, 500).Select(i => Disconnected($"c{i}", 10_000 + i)).ToArray(), None);
            Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(20))));
            Assert.Equal(500, await write);

            var rest = 0;
            while (await export.MoveNextAsync())
            {
                rest++;
            }

            Assert.True(rest >= 2999, $"the export went on after the write: {rest} more rows");
        }

        Assert.Equal(3500, (await Store.GetStatsAsync(None)).EventCount);
    }

    [Fact]
    public async Task Lists_leave_raw_json_out_and_one_event_gives_it()
    {
        var e = Connected("a", 1) with { RawJson = """{"clientid":"a","x":"ü"}""" };
        await Store.AppendAsync([e], None);

        var listed = Assert.Single(await Store.GetClientEventsAsync("a", T0, T0.AddDays(1), 10, None));

        Assert.Null(listed.Event.RawJson);
        Assert.Null(Assert.Single(await AllAsync()).Event.RawJson);
        Assert.Equal(e.RawJson, await Store.GetRawJsonAsync(listed.Id, None));
        Assert.Null(await Store.GetRawJsonAsync(listed.Id + 1000, None));
    }

    /// <summary>
    /// Runs the real pipeline on this store: <paramref name="first"/> as one batch, then, once all of
    /// it is acknowledged, <paramref name="later"/>. The events go straight into the channel, as a
    /// source would put them after parsing. Returns how many items were acknowledged.
    /// </summary>
    protected async Task<(int Acknowledged, HistoryStatus Status)> RunPipelineAsync(ConnectionEvent[] first, ConnectionEvent[] later)
    {
        var time = TimeProvider.System;
        var channel = new IngestChannel(capacity: 1000);
        using var state = new LiveState(new LiveStateOptions(), new IngestDiagnostics(), time);
        var status = new HistoryStatus(Store.Provider);
        var acknowledged = 0;
        Func<CancellationToken, Task> ack = _ =>
        {
            Interlocked.Increment(ref acknowledged);
            return Task.CompletedTask;
        };

        foreach (var e in first)
        {
            await channel.Writer.WriteAsync(new IngestItem(e, ack));
        }

        // Cancelled at the end whatever happens, so a pipeline stuck retrying does not outlive the test.
        using var stop = new CancellationTokenSource();
        var run = new EventPipeline(channel.Reader, state, new ChangeNotifier(TimeSpan.FromMilliseconds(100), time), Store, status, time).RunAsync(stop.Token);
        try
        {
            await WaitUntilAsync(() => Volatile.Read(ref acknowledged) == first.Length || run.IsCompleted);
            Assert.False(run.IsCompleted, "the pipeline stopped");
            foreach (var e in later)
            {
                await channel.Writer.WriteAsync(new IngestItem(e, ack));
            }

            channel.Writer.Complete();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stop.CancelAsync();
            await run.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return (acknowledged, status);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for the pipeline");
            await Task.Delay(10);
        }
    }
}
