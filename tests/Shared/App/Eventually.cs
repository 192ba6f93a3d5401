namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>Polls until an assertion holds, for effects that travel through a broker and a pipeline.</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                var last = System.Text.Json.JsonSerializer.Serialize(value);
                Assert.Fail($"Timed out waiting until {what}; last value: {(last.Length > 2000 ? last[..2000] + "…" : last)}");
            }

            await Task.Delay(50);
            value = await read();
        }

        return value;
    }
}
