using Dashboard.Core.Conflicts;

namespace Dashboard.Core.Tests.Conflicts;

public sealed class ConflictOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => new ConflictOptions().Validate();

    public static TheoryData<string, Action<ConflictOptions>> Invalid => new()
    {
        { nameof(ConflictOptions.Window), o => o.Window = TimeSpan.Zero },
        { nameof(ConflictOptions.TakeoverThreshold), o => o.TakeoverThreshold = 1 },
        { nameof(ConflictOptions.FlappingThreshold), o => o.FlappingThreshold = 0 },
        { nameof(ConflictOptions.ShortSession), o => o.ShortSession = TimeSpan.FromSeconds(-1) },
        { nameof(ConflictOptions.SessionsPerClient), o => o.SessionsPerClient = 3 },
        { nameof(ConflictOptions.MaxTrackedClients), o => o.MaxTrackedClients = 0 },
        { nameof(ConflictOptions.MassDisconnectClients), o => o.MassDisconnectClients = 0 },
        { nameof(ConflictOptions.AuthFailureWindow), o => o.AuthFailureWindow = TimeSpan.Zero },
        { nameof(ConflictOptions.RefusedClients), o => o.RefusedClients = 0 },
        { nameof(ConflictOptions.RefusedWindow), o => o.RefusedWindow = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_names_the_bad_option(string name, Action<ConflictOptions> spoil)
    {
        var options = new ConflictOptions();
        spoil(options);

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ConflictDetector(options));
    }
}
