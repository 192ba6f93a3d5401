namespace Dashboard.Tests.Integration.Metrics;

/// <summary>
/// Metrics tests run alone, after the parallel tests. OpenTelemetry picks meters by name, so an app
/// in this process hears the instruments of every other app running at the same time; alone, the
/// numbers on /metrics are this test's app's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsAlone
{
    public const string Name = "Metrics";
}
