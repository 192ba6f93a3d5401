using Dashboard.Core.Groups;

namespace Dashboard.Components.Pages;

/// <summary>
/// A run-time group's criteria while an admin edits them in its row on the Groups page, and the error of the last
/// save attempt, shown on the field it names with the same words as the message under the create form.
/// </summary>
internal sealed class GroupEdit(string name)
{
    public string Name { get; } = name;

    public string? ClientId { get; set; }

    public string? Username { get; set; }

    public string? Cidr { get; set; }

    public GroupError? Error { get; set; }

    /// <summary>"Cidr is not a network such as …": the field as <see cref="DeviceGroup.TryCreate"/> names it, and why.</summary>
    public static string Explain(GroupError error) => $"{error.Field} {error.Message}.";

    public bool HasError(string field) => Error is { } e && e.Field == field;

    public string? ErrorOf(string field) => HasError(field) ? Explain(Error!) : null;
}
