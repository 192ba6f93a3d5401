using System.Net;
using System.Net.Sockets;
using System.Text;
using Bunit;
using Dashboard.Actions;
using Dashboard.Auth;
using Dashboard.Components;
using Dashboard.Components.Pages;
using Dashboard.Emqx;
using Dashboard.Emqx.Setup;
using Dashboard.Ingestion;
using Dashboard.Options;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Dashboard.Tests.Components;

/// <summary>
/// The Connect EMQX page: for admins only, the exact bodies with the webhook secret masked, the
/// setup's steps against an EMQX that answers as 5.8.9 does, and the self-test's steps.
/// </summary>
public sealed class ConnectEmqxPageTests : IAsyncLifetime
{
    private const string Secret = "a-webhook-secret-of-some-length";

    private readonly DashboardTestHost _host = new();
    private readonly EmqxAnswers _emqx = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void A_viewer_is_not_allowed_and_has_no_nav_link()
    {
        AddServices(apiOn: false);
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/emqx/connect");

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=not-allowed]")), DashboardTestHost.Wait);
        Assert.Empty(cut.FindAll("[data-testid=plan]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-connect-emqx]"));
    }

    [Fact]
    public void An_admin_has_the_nav_link_and_the_page()
    {
        SignInAdmin();
        AddServices(apiOn: false);
        _host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/emqx/connect");

        var cut = _host.Context.Render<Routes>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=plan]")), DashboardTestHost.Wait);
        Assert.NotNull(cut.Find("[data-testid=nav-connect-emqx]"));
    }

    [Fact]
    public void While_the_api_is_off_it_says_how_to_turn_it_on_shows_the_plan_and_offers_only_the_self_test()
    {
        SignInAdmin();
        AddServices(apiOn: false);

        var cut = _host.Context.Render<ConnectEmqx>();

        Assert.Equal(EmqxOptions.HowToTurnOn, cut.Find("[data-testid=api-off]").TextContent.Trim());
        Assert.Contains("\"payload\": \"${.}\"", cut.Find("[data-testid=plan-body]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("button[data-testid=apply]").HasAttribute("disabled"));
        Assert.False(cut.Find("button[data-testid=selftest]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_http_plan_shows_the_header_with_the_secret_masked()
    {
        SignInAdmin();
        AddServices(apiOn: true);

        var cut = _host.Context.Render<ConnectEmqx>();
        cut.Find("input[data-testid=mode-http]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=plan-body]").Count), DashboardTestHost.Wait);
        Assert.Contains("\"authorization\": \"Bearer ******\"", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, cut.Markup, StringComparison.Ordinal);
        Assert.Contains("For EMQX 5.8.9", cut.Find("[data-testid=plan-version]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_connections_are_in_the_plan_by_default_and_both_choices_change_it()
    {
        SignInAdmin();
        AddServices(apiOn: true);
        var cut = _host.Context.Render<ConnectEmqx>();
        string Sql() => cut.Find("[data-testid=plan-body]").TextContent;

        cut.WaitForAssertion(() => Assert.Contains("$events/client_connack", cut.Find("[data-testid=plan-version]").TextContent, StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.Contains("$events/client_check_authn_complete", Sql(), StringComparison.Ordinal);
        Assert.DoesNotContain("authz", Sql(), StringComparison.Ordinal);

        cut.Find("input[data-testid=refused]").Change(false);
        cut.WaitForAssertion(() => Assert.DoesNotContain("connack", Sql(), StringComparison.Ordinal), DashboardTestHost.Wait);
        cut.Find("input[data-testid=authz]").Change(true);

        cut.WaitForAssertion(() => Assert.Contains("$events/client_check_authz_complete", Sql(), StringComparison.Ordinal), DashboardTestHost.Wait);
        Assert.DoesNotContain("authn", Sql(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_shows_each_step_and_the_subscription_note()
    {
        SignInAdmin();
        AddServices(apiOn: true);
        var cut = _host.Context.Render<ConnectEmqx>();

        cut.Find("button[data-testid=apply]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["created"], cut.FindAll("[data-testid=setup-outcome]").Select(o => o.TextContent)), DashboardTestHost.Wait);
        Assert.Contains("emqx/client_events", cut.Find("[data-testid=subscription-note]").TextContent, StringComparison.Ordinal);
        Assert.Contains("POST rules", _emqx.Requests, StringComparer.Ordinal);
    }

    [Fact]
    public void The_self_test_shows_its_steps_and_what_a_failure_means()
    {
        SignInAdmin();
        AddServices(apiOn: false);
        var cut = _host.Context.Render<ConnectEmqx>();

        cut.Find("button[data-testid=selftest]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=selftest-step]").Count), TimeSpan.FromSeconds(15));
        Assert.StartsWith("Failed", cut.Find("[data-testid=selftest-verdict]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Host", cut.Find("[data-testid=selftest-hint]").TextContent, StringComparison.Ordinal);
    }

    private void SignInAdmin() => _host.Authorization.SetAuthorized("admin").SetRoles(DashboardRoles.Admin)
        .SetPolicies(DashboardPolicies.Viewer, DashboardPolicies.Operator, DashboardPolicies.Admin, DashboardPolicies.Wallboard);

    private void AddServices(bool apiOn)
    {
        var emqxOptions = MsOptions.Create(new EmqxOptions { ApiUrl = apiOn ? "http://emqx.test:18083" : null, ApiKey = "k", ApiSecret = "s" });
        // Nothing listens on the probe's port: the self-test's probe is refused at once.
        var mqtt = MsOptions.Create(new MqttOptions { Host = "127.0.0.1", Port = ClosedPort() });
        var api = new EmqxApiClient(_emqx, emqxOptions, MsOptions.Create(new IngestOptions()));
        var audit = new AuditLog(_host.Actions, NullLogger<AuditLog>.Instance);
        var services = _host.Context.Services;
        services.AddSingleton(new EmqxSetupService(api, MsOptions.Create(new WebhookOptions { Secret = Secret }), new MqttRuntimeTopics(mqtt), audit, _host.Time, NullLogger<EmqxSetupService>.Instance));
        services.AddSingleton(new EmqxSelfTest(api, mqtt, _host.LiveState, new Dashboard.Core.History.DisabledHistoryStore(), audit, _host.Time, NullLogger<EmqxSelfTest>.Instance));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>EMQX 5.8.9 as far as a first setup sees it: its version, no rule yet, and 201 for the new one.</summary>
    private sealed class EmqxAnswers : HttpMessageHandler, IHttpClientFactory
    {
        public List<string> Requests { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false) { BaseAddress = new Uri("http://emqx.test:18083/api/v5/") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath["/api/v5/".Length..];
            lock (Requests)
            {
                Requests.Add($"{request.Method} {path}");
            }

            var (status, body) = (request.Method.Method, path) switch
            {
                ("GET", "nodes") => (HttpStatusCode.OK, """[{"node":"emqx@127.0.0.1","version":"5.8.9","node_status":"running"}]"""),
                ("GET", _) => (HttpStatusCode.NotFound, """{"code":"NOT_FOUND","message":"Rule Id Not Found"}"""),
                ("POST", _) => (HttpStatusCode.Created, "{}"),
                _ => (HttpStatusCode.BadRequest, """{"code":"BAD_REQUEST","message":"unexpected"}"""),
            };
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
