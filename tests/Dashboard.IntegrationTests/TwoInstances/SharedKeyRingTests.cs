using System.Net;
using Dashboard.Tests.Integration.Auth;
using Dashboard.Tests.Integration.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.TwoInstances;

/// <summary>
/// The data-protection key ring follows history (Hosting/DataProtectionKeys): a sign-in cookie one
/// instance issues is accepted by another on the same PostgreSQL, and by the same instance after a
/// restart; with SQLite, after a restart. The keys are where they should be, not in $HOME (which
/// these in-process hosts share, so the table and the folder are checked too).
/// </summary>
public sealed class SharedKeyRingTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("dashboard-keys-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task With_PostgreSQL_a_cookie_from_one_instance_is_accepted_by_the_other_and_after_a_restart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["History:Provider"] = "postgres",
            ["History:ConnectionString"] = await server.CreateDatabaseAsync(),
        };
        string cookie;
        await using (var a = AuthApp.Start(settings: settings))
        {
            cookie = await SignInAsync(a);
            await using var b = AuthApp.Start(settings: settings);
            Assert.Equal(HttpStatusCode.OK, await ReadClientsAsync(b, cookie));
            Assert.Equal(HttpStatusCode.Unauthorized, await ReadClientsAsync(b, Tampered(cookie)));

            // The key ring is read after history has created its table, not before (which would log an error).
            Assert.DoesNotContain(a.Log.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal));
        }

        await using (var restarted = AuthApp.Start(settings: settings))
        {
            Assert.Equal(HttpStatusCode.OK, await ReadClientsAsync(restarted, cookie));
        }

        await using var connection = new NpgsqlConnection(settings["History:ConnectionString"]);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys WHERE xml LIKE '<key %'", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task With_SQLite_a_cookie_is_accepted_after_a_restart_and_the_keys_are_next_to_the_database()
    {
        var settings = new Dictionary<string, string?>
        {
            ["History:Provider"] = "sqlite",
            ["History:DataDirectory"] = _dataDirectory,
        };
        string cookie;
        await using (var first = AuthApp.Start(settings: settings))
        {
            cookie = await SignInAsync(first);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(_dataDirectory, "keys"), "key-*.xml"));
        await using var restarted = AuthApp.Start(settings: settings);
        Assert.Equal(HttpStatusCode.OK, await ReadClientsAsync(restarted, cookie));
    }

    /// <summary>Signs in with the token; the sign-in cookie as a Cookie header value.</summary>
    private static async Task<string> SignInAsync(AuthApp app)
    {
        using var http = app.Browser(out _);
        using var signIn = await http.GetAsync(app.ConfiguredLoginUrl().PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Dashboard.SignIn=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    private static async Task<HttpStatusCode> ReadClientsAsync(AuthApp app, string cookie)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clients");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // The same cookie with its last protected character changed: it no longer decrypts.
    private static string Tampered(string cookie) => cookie[..^1] + (cookie[^1] == 'A' ? 'B' : 'A');
}
