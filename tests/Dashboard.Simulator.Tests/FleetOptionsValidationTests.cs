using Dashboard.Simulator.Fleet;

namespace Dashboard.Simulator.Tests;

public sealed class FleetOptionsValidationTests
{
    public static TheoryData<string, Action<FleetOptions>> BadOptions => new()
    {
        { "FleetSize", o => o.FleetSize = 0 },
        { "ClientIdPrefix", o => o.ClientIdPrefix = "" },
        { "FlakyShare", o => o.FlakyShare = -0.1 },
        { "SilentShare", o => o.SilentShare = 1.5 },
        { "ConflictShare", o => { o.FlakyShare = 0.5; o.ConflictShare = 0.6; } },
        { "Mqtt5Share", o => o.Mqtt5Share = 2 },
        { "MeanSessionLength", o => o.MeanSessionLength = TimeSpan.Zero },
        { "ConflictSwapInterval", o => o.ConflictSwapInterval = TimeSpan.FromSeconds(-1) },
        { "SilentKeepaliveSeconds", o => o.SilentKeepaliveSeconds = 0 },
        { "SourceAddresses", o => o.SourceAddresses = ["127.0.0.2", "not-an-ip"] },
        { "SourceAddresses", o => o.SourceAddresses = ["127.0.0.2", "127.0.0.2"] },
        { "ForbiddenTopic", o => o.ForbiddenTopic = "forbidden/#" },
        { "BadPassword", o => { o.Broker.Username = "u"; o.Broker.Password = "same"; o.BadPassword = "same"; } },
        { "CredentialsRotationShare", o => { o.FlakyShare = 0.6; o.CredentialsRotationShare = 0.2; } },
        { "CredentialsRotationEvery", o => o.CredentialsRotationEvery = TimeSpan.Zero },
        { "CredentialsRotationLength", o => o.CredentialsRotationLength = o.CredentialsRotationEvery },
        { "MassDisconnectShare", o => { o.FlakyShare = 0.6; o.MassDisconnectShare = 0.2; } },
        { "MassDisconnectShare", o => o.MassDisconnectShare = -0.1 },
        { "MassDisconnectEvery", o => o.MassDisconnectEvery = TimeSpan.Zero },
        { "MassDisconnectLength", o => o.MassDisconnectLength = TimeSpan.Zero },
        { "MassDisconnectLength", o => o.MassDisconnectLength = o.MassDisconnectEvery },
        { "Broker.Port", o => o.Broker.Port = 70000 },
        { "Broker.Host", o => o.Broker.Host = " " },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_names_the_bad_option(string option, Action<FleetOptions> spoil)
    {
        var options = new FleetOptions();
        spoil(options);

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid() => new FleetOptions().Validate();

    [Fact]
    public void The_simulator_refuses_invalid_options_up_front()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new FleetSimulator(new FleetOptions { FleetSize = -5 }));

        Assert.Equal("FleetSize", error.ParamName);
    }

    [Fact]
    public void One_source_address_is_enough_when_there_are_no_conflict_pairs()
    {
        var options = new FleetOptions { ConflictShare = 0, SourceAddresses = ["127.0.0.2"] };

        options.Validate();
        Assert.Throws<ArgumentException>(() => new FleetOptions { SourceAddresses = ["127.0.0.2"] }.Validate());
    }
}
