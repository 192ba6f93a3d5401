using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Api;
using Dashboard.Emqx.Setup;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Pages;

/// <summary>
/// The one-click EMQX setup: choose how EMQX forwards the client events, see exactly the bodies
/// that will be sent (the webhook secret masked), send them, and prove the path with the self-test.
/// </summary>
public sealed partial class ConnectEmqx
{
    private const string TopicField = "topic";
    private const string UrlField = "url";
    private const string ModeField = "mode";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private EmqxSetupMode _mode = EmqxSetupMode.Republish;
    private string _topic = EmqxSetupPlanBuilder.DefaultRepublishTopic;
    private string _url = "";
    private bool _refused = true;
    private bool _authz;
    private Dictionary<string, string[]> _errors = [];
    private EmqxSetupPlan? _plan;
    private EmqxSetupResult? _result;
    private EmqxSelfTestReport? _report;
    private bool _applying;
    private bool _testing;
    private bool _busy;

    [Inject]
    internal EmqxSetupService Setup { get; init; } = null!;

    [Inject]
    internal EmqxSelfTest SelfTest { get; init; } = null!;

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    protected override Task OnInitializedAsync()
    {
        // Where this browser reached the dashboard: often where EMQX reaches it too, not always (containers).
        _url = Navigation.BaseUri.TrimEnd('/');
        return RefreshPlanAsync();
    }

    private Task OnModeChangedAsync(EmqxSetupMode mode)
    {
        _mode = mode;
        return RefreshPlanAsync();
    }

    private Task OnTopicChangedAsync(string? topic)
    {
        _topic = topic?.Trim() ?? "";
        return RefreshPlanAsync();
    }

    private Task OnUrlChangedAsync(string? url)
    {
        _url = url?.Trim() ?? "";
        return RefreshPlanAsync();
    }

    private Task OnRefusedChangedAsync(bool refused)
    {
        _refused = refused;
        return RefreshPlanAsync();
    }

    private Task OnAuthzChangedAsync(bool authz)
    {
        _authz = authz;
        return RefreshPlanAsync();
    }

    private EmqxSetupRequest Request => new(_mode, _topic, _url, _refused, _authz);

    private string? ErrorFor(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task RefreshPlanAsync()
    {
        _result = null;
        _errors = EmqxSetupValidation.Check(Request, Setup.IsWebhookOn);
        _plan = _errors.Count == 0 ? await Setup.GetPlanForDisplayAsync(Request, CancellationToken.None) : null;
    }

    private async Task ApplyAsync()
    {
        _applying = true;
        try
        {
            _result = await Setup.ApplyAsync(Request, await ActorAsync(), CancellationToken.None);
        }
        finally
        {
            _applying = false;
        }
    }

    private async Task SelfTestAsync()
    {
        _testing = true;
        _report = null;
        try
        {
            _report = await SelfTest.TryRunAsync(await ActorAsync(), CancellationToken.None);
            _busy = _report is null;
        }
        finally
        {
            _testing = false;
        }
    }

    private async Task<Actor> ActorAsync() => Actor.Of(AuthenticationState is null ? null : (await AuthenticationState).User);

    private static string Pretty(JsonObject body) => body.ToJsonString(Indented);
}
