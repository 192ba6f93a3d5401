using Microsoft.Playwright;

namespace Dashboard.StormBench;

/// <summary>
/// A page's memory as Chromium's DevTools protocol reports it, read after a forced garbage
/// collection so that what is left is what the page still holds, not garbage not yet collected.
/// A leak in a page left open shows as a steady rise of one of these.
/// </summary>
internal sealed class PageMemory : IAsyncDisposable
{
    private readonly ICDPSession _session;

    private PageMemory(ICDPSession session) => _session = session;

    public static async Task<PageMemory> AttachAsync(IPage page) => new(await page.Context.NewCDPSessionAsync(page));

    public async Task<PageMemorySample> ReadAsync()
    {
        await _session.SendAsync("HeapProfiler.collectGarbage");

        // Idempotent; enabled on every read because a page that reloaded may have dropped it.
        await _session.SendAsync("Performance.enable");
        var reply = await _session.SendAsync("Performance.getMetrics") ?? throw new InvalidOperationException("Performance.getMetrics returned nothing");
        var metrics = reply.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
        long Metric(string name) => metrics.TryGetValue(name, out var value) ? (long)value : -1;
        return new PageMemorySample(Metric("JSHeapUsedSize"), Metric("Nodes"), Metric("JSEventListeners"), Metric("Documents"));
    }

    public async ValueTask DisposeAsync() => await _session.DetachAsync();
}

/// <param name="Documents">Documents alive in the page (frames, detached ones not yet collected): more than a few means something holds on to old ones.</param>
internal readonly record struct PageMemorySample(long JsHeapUsedBytes, long Nodes, long JsEventListeners, long Documents);
