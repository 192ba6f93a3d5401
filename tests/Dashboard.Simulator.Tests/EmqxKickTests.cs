using System.Net;
using System.Text;
using Dashboard.Simulator.Cli;

namespace Dashboard.Simulator.Tests;

public sealed class EmqxKickTests
{
    [Fact]
    public async Task Kicks_with_a_delete_on_the_client_and_the_api_key_as_basic_auth()
    {
        var handler = new RecordingHandler(HttpStatusCode.NoContent);
        var kick = new EmqxKick(new HttpClient(handler), new Uri("http://emqx:18083/"), "key", "secret");

        await kick.KickAsync("sim-kick/0001", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("http://emqx:18083/api/v5/clients/sim-kick%2F0001", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal("key:secret", Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
    }

    [Fact]
    public async Task A_refused_kick_is_an_error_but_an_unknown_client_is_not()
    {
        var unknown = new EmqxKick(new HttpClient(new RecordingHandler(HttpStatusCode.NotFound)), new Uri("http://emqx/"), "k", "s");
        var refused = new EmqxKick(new HttpClient(new RecordingHandler(HttpStatusCode.Unauthorized)), new Uri("http://emqx/"), "k", "s");

        await unknown.KickAsync("gone", CancellationToken.None);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.KickAsync("c1", CancellationToken.None));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
