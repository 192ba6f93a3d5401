namespace Dashboard.Simulator.Tests.Infrastructure;

/// <summary>Waits for a condition by checking it often, instead of sleeping a guessed time.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Fail($"not reached within {timeout.TotalSeconds:0.#} s: {describeFailure()}");
            }

            await Task.Delay(50);
        }
    }
}
