using Dashboard.Auth;
using Dashboard.Core.Groups;
using Dashboard.Groups;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Api;

/// <summary>
/// <c>/api/groups</c>: the device groups in matching order and their figures (<c>/api/groups/stats</c>,
/// <c>/api/groups/{name}/stats</c>; viewers), and run-time groups created, changed and
/// deleted by admins. Configured groups are read-only; names are unique ignoring case across both kinds.
/// Every change is audited (<see cref="DeviceGroupService"/>).
/// </summary>
internal static class GroupsApi
{
    public const string Path = "/api/groups";

    // A name, three patterns of at most 256 characters each JSON-escaped (\uXXXX), and room for the rest.
    private const long MaxBodyBytes = 8 * 1024;

    private const int MaxCidrLength = 64;

    public static void MapGroupsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (DeviceGroupService groups) => Results.Ok(new GroupListDto(groups.CanDefine, groups.List())))
            .RequireAuthorization(DashboardPolicies.Viewer);
        app.MapGet(Path + "/stats", async (GroupStatsService stats, CancellationToken cancellationToken) => Results.Ok(await stats.GetAsync(cancellationToken)))
            .RequireAuthorization(DashboardPolicies.Viewer);
        app.MapGet(Path + "/{name}/stats", OneAsync).RequireAuthorization(DashboardPolicies.Viewer);
        app.MapPost(Path, CreateAsync)
            .RequireAuthorization(DashboardPolicies.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        app.MapPut(Path + "/{name}", UpdateAsync)
            .RequireAuthorization(DashboardPolicies.Admin)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        app.MapDelete(Path + "/{name}", DeleteAsync).RequireAuthorization(DashboardPolicies.Admin);
    }

    /// <summary>One group's figures, with its uptime over 24 h, 7 d and 30 d (null with history off).</summary>
    private static async Task<IResult> OneAsync(string name, GroupStatsService stats, GroupUptimeService uptime, CancellationToken cancellationToken)
    {
        var all = await stats.GetAsync(cancellationToken);
        return all.Groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase)) is { } one
            ? Results.Ok(new { all.At, all.HistoryOn, Group = one, Uptime = await uptime.GetAsync(one.Name, cancellationToken) })
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such group", detail: "GET /api/groups lists the groups.");
    }

    private static async Task<IResult> CreateAsync(GroupInput? body, HttpContext context, DeviceGroupService groups)
    {
        if (Check(body) is { } invalid)
        {
            return invalid;
        }

        var result = await groups.CreateAsync(body!, Actor.Of(context.User), context.RequestAborted);
        return result.Outcome == GroupChangeOutcome.Done
            ? Results.Created($"{Path}/{Uri.EscapeDataString(result.Group!.Name)}", result.Group)
            : Answer(result, body!.Name);
    }

    private static async Task<IResult> UpdateAsync(string name, GroupInput? body, HttpContext context, DeviceGroupService groups)
    {
        if (Check(body) is { } invalid)
        {
            return invalid;
        }

        if (body!.Name is { } renamed && !string.Equals(renamed, name, StringComparison.OrdinalIgnoreCase))
        {
            return Field("name", "cannot be changed; delete the group and create it under the new name");
        }

        var result = await groups.UpdateAsync(body with { Name = name }, Actor.Of(context.User), context.RequestAborted);
        return result.Outcome == GroupChangeOutcome.Done ? Results.Ok(result.Group) : Answer(result, name);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, DeviceGroupService groups)
    {
        var result = await groups.DeleteAsync(name, Actor.Of(context.User), context.RequestAborted);
        return result.Outcome == GroupChangeOutcome.Done ? Results.NoContent() : Answer(result, name);
    }

    /// <summary>A missing body, or a network too long to be one (the patterns and name are bounded by <see cref="DeviceGroup.TryCreate"/>).</summary>
    private static IResult? Check(GroupInput? body) => body switch
    {
        null => Field("body", "must be a JSON object with name, clientIdPattern, usernamePattern and cidr"),
        { Cidr.Length: > MaxCidrLength } => Field("cidr", $"must be at most {MaxCidrLength} characters"),
        _ => null,
    };

    private static IResult Answer(GroupChangeResult result, string? name) => result.Outcome switch
    {
        GroupChangeOutcome.Invalid => Field(CamelCase(result.Error!.Field), result.Error.Message),
        GroupChangeOutcome.NameTaken => Results.ValidationProblem(
            new Dictionary<string, string[]> { ["name"] = ["is taken by another group (names are unique ignoring case)"] },
            statusCode: StatusCodes.Status409Conflict),
        GroupChangeOutcome.Configured => Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Configured groups are read-only",
            detail: $"Change {GroupsOptions.Section}:{result.Group!.Name} in the configuration instead."),
        GroupChangeOutcome.HistoryOff => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "History is off", detail: DeviceGroupService.HistoryOffMessage),
        _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such group", detail: $"No group defined at run time is named '{name}'."),
    };

    private static IResult Field(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string CamelCase(string field) => string.Concat(field[..1].ToLowerInvariant(), field[1..]);
}

/// <summary>The groups in matching order, and whether groups can be defined here (false with history off).</summary>
public sealed record GroupListDto(bool CanDefine, IReadOnlyList<GroupView> Groups);
