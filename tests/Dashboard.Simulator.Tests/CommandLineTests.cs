using Dashboard.Simulator.Cli;

namespace Dashboard.Simulator.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--size", "fleet --size many")]
    [InlineData("--size", "fleet --size 0")]
    [InlineData("--port", "fleet --port 99999")]
    [InlineData("--sise", "fleet --sise 3")]
    [InlineData("--seed", "fleet --seed")]
    [InlineData("--insecure", "fleet --insecure")]
    [InlineData("--emqx-api", "fleet --emqx-key k")]
    [InlineData("--qos", "firehose --qos 2")]
    [InlineData("--rate", "firehose --rate -5")]
    [InlineData("--clients", "firehose --clients 20000000")]
    [InlineData("--count", "firehose --count 0")]
    [InlineData("stampede", "stampede --size 3")]
    [InlineData("--source-addresses", "fleet --source-addresses 127.0.0.2")]
    [InlineData("--source-addresses", "fleet --source-addresses 192.0.2.1,192.0.2.2")]
    [InlineData("--forbidden-topic", "fleet --forbidden-topic a/#")]
    [InlineData("--rotation-share", "fleet --rotation-share 1.5")]
    [InlineData("--rotation-seconds", "fleet --rotation-share 0.2 --rotation-every 30 --rotation-seconds 30")]
    [InlineData("--disconnected-topic", "firehose --connected-topic same --disconnected-topic same")]
    public async Task Bad_arguments_exit_2_with_an_error_that_names_the_argument(string argument, string commandLine)
    {
        var (exit, output, error) = await RunAsync(commandLine);

        Assert.Equal(2, exit);
        Assert.Contains(argument, error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (exit, output, error) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Contains("fleet", output, StringComparison.Ordinal);
        Assert.Contains("firehose", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task An_unreachable_broker_makes_the_firehose_exit_1()
    {
        int closedPort = Dashboard.Tests.Shared.FreePort.Next();

        var (exit, _, error) = await RunAsync($"firehose --port {closedPort} --count 5");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string commandLine)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(commandLine.Split(' '), output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
