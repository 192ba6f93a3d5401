using Dashboard.Core.Groups;
using Microsoft.Extensions.Options;

namespace Dashboard.Groups;

/// <summary>
/// <c>Groups:&lt;name&gt;:ClientIdPattern|UsernamePattern|Cidr|Order</c>: the configured device groups, by name.
/// .NET configuration hands sections over sorted by key, not in the file's order, so the order of groups (the
/// first match wins) is <see cref="GroupOptions.Order"/>, then the name.
/// </summary>
internal sealed class GroupsOptions
{
    public const string Section = "Groups";

    public Dictionary<string, GroupOptions> Entries { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The configured groups in matching order, or the errors, each naming its key (<c>Groups:plant-3:Cidr</c>).
    /// An empty value counts as unset, as an environment variable set to nothing would.
    /// </summary>
    public IReadOnlyList<DeviceGroup> Build(List<string> errors)
    {
        var groups = new List<(int Order, DeviceGroup Group)>();
        foreach (var (name, entry) in Entries)
        {
            var group = DeviceGroup.TryCreate(name, Unset(entry.ClientIdPattern), Unset(entry.UsernamePattern), Unset(entry.Cidr), out var error);
            if (group is null)
            {
                var key = error!.Field == "Name" ? $"{Section}:{name}" : $"{Section}:{name}:{error.Field}";
                errors.Add($"{key} {error.Message}.");
                continue;
            }

            if (!int.TryParse(Unset(entry.Order) ?? "0", System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var order))
            {
                errors.Add($"{Section}:{name}:Order must be a whole number (lower goes first); got '{entry.Order}'.");
                continue;
            }

            groups.Add((order, group));
        }

        return groups.OrderBy(g => g.Order).ThenBy(g => g.Group.Name, StringComparer.Ordinal).Select(g => g.Group).ToList();
    }

    public static string? Unset(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>One configured group's criteria (each that is set must hold) and its place among the configured groups.</summary>
internal sealed class GroupOptions
{
    public string? ClientIdPattern { get; set; }

    public string? UsernamePattern { get; set; }

    public string? Cidr { get; set; }

    /// <summary>A whole number, lower first; groups with the same order go by name. 0 by default. Text here so a bad value is reported with its key.</summary>
    public string? Order { get; set; }
}

/// <summary>Stops start-up on a bad group definition, naming the key.</summary>
internal sealed class GroupsOptionsValidator : IValidateOptions<GroupsOptions>
{
    public ValidateOptionsResult Validate(string? name, GroupsOptions options)
    {
        var errors = new List<string>();
        options.Build(errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
