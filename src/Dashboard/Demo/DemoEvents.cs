namespace Dashboard.Demo;

/// <summary>The rule events the embedded broker emits.</summary>
internal enum DemoEvent
{
    Connected,
    Disconnected,
    Connack,
    AuthnComplete,
    AuthzComplete,
}

/// <summary>
/// Where each demo event goes: the topic the demo's own always-on republish rule uses (the names
/// people usually give EMQX republish targets, which the dashboard subscribes to by default), and the
/// rule FROM topics that select it, under the EMQX 5.8 names and the 5.10 ones (FACTS §5.3).
/// </summary>
internal static class DemoEvents
{
    public static readonly IReadOnlyList<DemoEvent> All = Enum.GetValues<DemoEvent>();

    public static string FixedTopic(DemoEvent e) => e switch
    {
        DemoEvent.Connected => "client_connected",
        DemoEvent.Disconnected => "client_disconnected",
        DemoEvent.Connack => "client_connack",
        DemoEvent.AuthnComplete => "client_check_authn_complete",
        DemoEvent.AuthzComplete => "client_check_authz_complete",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, null),
    };

    /// <summary>The event a rule's FROM topic selects; null for any other topic.</summary>
    public static DemoEvent? SelectedBy(string fromTopic) => fromTopic switch
    {
        "$events/client_connected" or "$events/client/connected" => DemoEvent.Connected,
        "$events/client_disconnected" or "$events/client/disconnected" => DemoEvent.Disconnected,
        "$events/client_connack" or "$events/client/connack" => DemoEvent.Connack,
        "$events/client_check_authn_complete" or "$events/auth/check_authn_complete" => DemoEvent.AuthnComplete,
        "$events/client_check_authz_complete" or "$events/auth/check_authz_complete" => DemoEvent.AuthzComplete,
        _ => null,
    };
}

/// <summary>The MQTT 5 reason code names the demo broker puts in connack and authentication rows.</summary>
internal static class RefusalNames
{
    public const string Success = "success";
    public const string BadUsernameOrPassword = "bad_username_or_password";
}
