using Dashboard.Core.Groups;
using Dashboard.Core.Maintenance;

namespace Dashboard.Core.Tests.Maintenance;

/// <summary>The rules a new window keeps, with the field each broken rule names.</summary>
public sealed class MaintenancePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static readonly GroupMatcher Groups = new([DeviceGroup.TryCreate("plant-3", "plant-3/*", null, null, out _)!]);

    private static Dictionary<string, string[]> Check(string? scope = "clientIdPattern", string? target = "plant-3/*", int? fromMinutes = 10, int? toMinutes = 70, string? note = "firmware") =>
        MaintenancePlan.Check(scope, target, fromMinutes is { } f ? Now.AddMinutes(f) : null, toMinutes is { } t ? Now.AddMinutes(t) : null, note, Now, Groups);

    [Fact]
    public void A_sound_window_passes_by_pattern_or_by_group_and_may_have_started_already()
    {
        Assert.Empty(Check());
        Assert.Empty(Check(scope: "group", target: "plant-3"));
        Assert.Empty(Check(scope: "GROUP", target: "PLANT-3"));
        Assert.Empty(Check(fromMinutes: -30));
    }

    public static TheoryData<string, Dictionary<string, string[]>> Broken => new()
    {
        { "scope", Check(scope: "plant") },
        { "scope", Check(scope: null) },
        { "target", Check(target: "") },
        { "target", Check(target: new string('x', GlobPattern.MaxLength + 1)) },
        { "target", Check(target: "a\u0001b") },
        { "target", Check(scope: "group", target: "plant 3") },
        { "target", Check(scope: "group", target: "plant-4") },
        { "from", Check(fromMinutes: null) },
        { "from", Check(fromMinutes: (int)MaintenancePlan.MaxLeadTime.TotalMinutes + 1, toMinutes: (int)MaintenancePlan.MaxLeadTime.TotalMinutes + 60) },
        { "to", Check(toMinutes: null) },
        { "to", Check(fromMinutes: -60, toMinutes: -1) },
        { "to", Check(fromMinutes: 70, toMinutes: 70) },
        { "to", Check(fromMinutes: 0, toMinutes: (int)MaintenancePlan.MaxLength.TotalMinutes + 1) },
        { "note", Check(note: " ") },
        { "note", Check(note: new string('n', MaintenancePlan.MaxNoteLength + 1)) },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Each_broken_rule_is_named_by_its_field(string field, Dictionary<string, string[]> errors)
    {
        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field][0]);
    }

    [Fact]
    public void The_longest_window_and_the_longest_note_are_allowed()
    {
        Assert.Empty(Check(fromMinutes: 0, toMinutes: (int)MaintenancePlan.MaxLength.TotalMinutes, note: new string('n', MaintenancePlan.MaxNoteLength)));
    }
}
