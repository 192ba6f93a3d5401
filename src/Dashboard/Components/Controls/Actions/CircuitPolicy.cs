using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Components.Controls.Actions;

/// <summary>
/// The server-side check before a page acts. A button shows only for the right role, but a circuit
/// accepts any event its client sends, so the action asks the policy again.
/// </summary>
internal static class CircuitPolicy
{
    /// <summary>The signed-in user when they pass <paramref name="policy"/>; null otherwise (or with nobody signed in).</summary>
    public static async Task<ClaimsPrincipal?> UserPassingAsync(Task<AuthenticationState>? state, IAuthorizationService authorization, string policy)
    {
        if (state is null)
        {
            return null;
        }

        var user = (await state).User;
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded ? user : null;
    }
}
