using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Demo.Api;
using Dashboard.Options;
using Dashboard.Tests.Integration.Auth;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Emqx;

/// <summary>
/// <c>POST /api/clients/{clientId}/kick</c> and <c>POST /api/clients/kickout/bulk</c> through the
/// real app (token mode, API keys per role) against the demo EMQX API (a real HTTP server answering
/// EMQX 5.8's shapes): what EMQX receives, what the caller gets, and the audit rows.
/// </summary>
public sealed class KickApiTests : IAsyncLifetime
{
    private static readonly string[] OneId = ["sensor-1"];
    private static readonly string[] TwoIds = ["a", "b"];
    private DemoApiServer _emqx = null!;

    private string EmqxUrl => _emqx.Api.Url.ToString();

    private SyntheticClientTable Emqx => _emqx.Table;

    public async Task InitializeAsync() => _emqx = await DemoApiServer.StartAsync(clients: 0);

    public async Task DisposeAsync() => await _emqx.DisposeAsync();

    [Fact]
    public async Task An_operator_kicks_a_client_emqx_gets_the_delete_and_the_kick_is_audited()
    {
        await using var auth = Start(EmqxUrl);
        Connect("sensor-1");
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var response = await ops.PostAsync("/api/clients/sensor-1/kick", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, _emqx.Api.RequestsTo("kick"));
        Assert.Equal(["sensor-1"], Emqx.KicksReceived);
        Assert.Null(Emqx.Find("sensor-1"));
        var row = Assert.Single(await AuditAsync(auth));
        Assert.Equal(("key:ops", "operator", "kick", "sensor-1", "success", "kicked"), Columns(row));
    }

    [Fact]
    public async Task A_viewer_gets_403_and_emqx_hears_nothing()
    {
        await using var auth = Start(EmqxUrl);
        Connect("sensor-1");
        using var viewer = auth.WithKey(AuthApp.ViewerKey);

        using var single = await viewer.PostAsync("/api/clients/sensor-1/kick", null);
        using var bulk = await viewer.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = OneId });

        Assert.Equal(HttpStatusCode.Forbidden, single.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode);
        AssertNothingSent();
        Assert.Empty(await AuditAsync(auth));
    }

    [Theory]
    [InlineData("plant/7")]
    [InlineData("100%")]
    [InlineData("a%2Fb")]
    [InlineData("#hash ?q=1")]
    [InlineData("space here")]
    [InlineData("ünï-日本-🚀")]
    [InlineData("kickout")]
    [InlineData("x/kick")]
    public async Task Client_ids_with_slashes_percents_hashes_spaces_and_unicode_reach_emqx_whole(string clientId)
    {
        await using var auth = Start(EmqxUrl);
        Connect(clientId);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        // Escaped whole, as the drill-down's links and GET /api/clients/{clientId} take it.
        using var response = await ops.PostAsync($"/api/clients/{Uri.EscapeDataString(clientId)}/kick", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([clientId], Emqx.KicksReceived);
        Assert.Null(Emqx.Find(clientId));
        Assert.Equal(clientId, Assert.Single(await AuditAsync(auth)).GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_client_emqx_does_not_know_is_404_and_audited_as_a_failure()
    {
        await using var auth = Start(EmqxUrl);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var response = await ops.PostAsync("/api/clients/gone/kick", null);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "gone");
        Assert.Equal(["gone"], Emqx.KicksReceived);
        Assert.Equal(("key:ops", "operator", "kick", "gone", "failure", "not known to EMQX"), Columns(Assert.Single(await AuditAsync(auth))));
    }

    [Fact]
    public async Task Emqx_down_is_502_with_its_reason_and_no_secret()
    {
        var down = $"http://127.0.0.1:{FreePort.Next()}";
        await using var auth = Start(down);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var single = await ops.PostAsync("/api/clients/sensor-1/kick", null);
        using var bulk = await ops.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = TwoIds });

        var detail = await AssertProblemAsync(single, HttpStatusCode.BadGateway, "could not be reached");
        Assert.DoesNotContain(DemoApiServer.Secret, detail, StringComparison.Ordinal);
        await AssertProblemAsync(bulk, HttpStatusCode.BadGateway, "could not be reached");
        var rows = await AuditAsync(auth);
        Assert.Equal(["a", "b", "sensor-1"], rows.Select(r => r.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("failure", r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Emqx_refusing_the_key_is_502_with_emqxs_message()
    {
        await using var auth = Start(EmqxUrl, secret: "wrong-secret");
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var response = await ops.PostAsync("/api/clients/sensor-1/kick", null);

        var detail = await AssertProblemAsync(response, HttpStatusCode.BadGateway, "BAD_API_KEY_OR_SECRET");
        Assert.DoesNotContain("wrong-secret", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_api_off_both_kicks_are_409_saying_how_to_turn_it_on()
    {
        await using var auth = Start(apiUrl: null);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var single = await ops.PostAsync("/api/clients/sensor-1/kick", null);
        using var bulk = await ops.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = TwoIds });

        Assert.Equal(EmqxOptions.HowToTurnOn, await AssertProblemAsync(single, HttpStatusCode.Conflict, "Emqx:ApiUrl"));
        await AssertProblemAsync(bulk, HttpStatusCode.Conflict, "Emqx:ApiUrl");
        AssertNothingSent();
    }

    [Fact]
    public async Task A_bulk_kick_sends_one_list_without_duplicates_and_audits_each_id()
    {
        await using var auth = Start(EmqxUrl);
        string[] ids = ["a", "b/1", "ü c", "a"];
        foreach (var id in ids.Distinct())
        {
            Connect(id);
        }

        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var response = await ops.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = ids });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal((0, 1), (_emqx.Api.RequestsTo("kick"), _emqx.Api.RequestsTo("kickout/bulk")));
        Assert.Equal(["a", "b/1", "ü c"], Emqx.KicksReceived);
        Assert.Equal(0, Emqx.Count);
        var rows = await AuditAsync(auth);
        Assert.Equal(["a", "b/1", "ü c"], rows.Select(r => r.GetProperty("target").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(("success", "bulk kick of 3: kicked"), (r.GetProperty("outcome").GetString(), r.GetProperty("detail").GetString())));
    }

    [Theory]
    [InlineData("""{"clientIds":[]}""", "clientIds")]
    [InlineData("""{"clientIds":null}""", "clientIds")]
    [InlineData("""{}""", "clientIds")]
    [InlineData("""{"clientIds":["a",""]}""", "clientIds[1]")]
    [InlineData("""{"clientIds":"a"}""", "")]
    [InlineData("""not json""", "")]
    [InlineData("""[]""", "")]
    public async Task A_bad_bulk_body_is_a_400_problem_and_nothing_is_kicked(string body, string field)
    {
        await using var auth = Start(EmqxUrl);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var response = await ops.PostAsync("/api/clients/kickout/bulk", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "");
        Assert.Contains(field, text, StringComparison.Ordinal);
        AssertNothingSent();
        Assert.Empty(await AuditAsync(auth));
    }

    [Fact]
    public async Task Too_many_ids_and_too_long_an_id_are_400_problems()
    {
        await using var auth = Start(EmqxUrl);
        using var ops = auth.WithKey(AuthApp.OperatorKey);

        using var many = await ops.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = Enumerable.Range(0, 1001).Select(i => $"c{i}").ToArray() });
        using var longInBulk = await ops.PostAsJsonAsync("/api/clients/kickout/bulk", new { clientIds = new[] { new string('x', 1025) } });
        using var longSingle = await ops.PostAsync($"/api/clients/{new string('x', 1025)}/kick", null);
        using var noAction = await ops.PostAsync("/api/clients/sensor-1", null);

        Assert.Contains("1001", await AssertProblemAsync(many, HttpStatusCode.BadRequest, ""), StringComparison.Ordinal);
        Assert.Contains("1024", await AssertProblemAsync(longInBulk, HttpStatusCode.BadRequest, ""), StringComparison.Ordinal);
        Assert.Contains("1024", await AssertProblemAsync(longSingle, HttpStatusCode.BadRequest, ""), StringComparison.Ordinal);
        await AssertProblemAsync(noAction, HttpStatusCode.NotFound, "");
        AssertNothingSent();
    }

    private static AuthApp Start(string? apiUrl, string secret = DemoApiServer.Secret) => AuthApp.Start(settings: new Dictionary<string, string?>
    {
        ["Emqx:ApiUrl"] = apiUrl,
        ["Emqx:ApiKey"] = apiUrl is null ? null : DemoApiServer.Key,
        ["Emqx:ApiSecret"] = apiUrl is null ? null : secret,
        ["Emqx:RequestTimeout"] = "00:00:05",

        // Only the calls a kick makes: no reconcile timer here.
        ["Emqx:ReconcileInterval"] = "00:00:00",
    });

    /// <summary>A client connected at EMQX now.</summary>
    private void Connect(string clientId) =>
        Assert.True(Emqx.Add(new DemoClient(clientId, null, "10.0.0.1", 50000, DateTimeOffset.UtcNow, 60, CleanStart: true, 0, 5)));

    private void AssertNothingSent()
    {
        Assert.Equal((0, 0), (_emqx.Api.RequestsTo("kick"), _emqx.Api.RequestsTo("kickout/bulk")));
        Assert.Empty(Emqx.KicksReceived);
    }

    /// <summary>The problem's status and type, and that its text contains <paramref name="expected"/>; returns its detail (or whole text).</summary>
    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : text;
    }

    private static async Task<JsonElement[]> AuditAsync(AuthApp auth)
    {
        using var admin = auth.WithKey(AuthApp.AdminKey);
        return (await admin.GetFromJsonAsync<JsonElement[]>("/api/audit"))!.Where(r => r.GetProperty("action").GetString() == "kick").ToArray();
    }

    private static (string?, string?, string?, string?, string?, string?) Columns(JsonElement row) => (
        row.GetProperty("actor").GetString(),
        row.GetProperty("role").GetString(),
        row.GetProperty("action").GetString(),
        row.GetProperty("target").GetString(),
        row.GetProperty("outcome").GetString(),
        row.GetProperty("detail").GetString());
}
