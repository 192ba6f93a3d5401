using System.Security.Claims;

namespace Dashboard.Api;

/// <summary>Who acts, as the audit log and acknowledgements record it.</summary>
public sealed record Actor(string Name, string Role)
{
    /// <summary>
    /// The signed-in user's name and role claim (<see cref="ClaimTypes.Role"/>), or "anonymous" and
    /// "none" where nobody is signed in. The one place that turns a request's user into an actor.
    /// </summary>
    public static Actor Of(ClaimsPrincipal? user)
    {
        var name = user?.Identity?.Name;
        var role = user?.FindFirst(ClaimTypes.Role)?.Value;
        return new Actor(string.IsNullOrWhiteSpace(name) ? "anonymous" : name, string.IsNullOrWhiteSpace(role) ? "none" : role);
    }
}
