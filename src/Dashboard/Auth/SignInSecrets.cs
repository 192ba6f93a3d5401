using System.Security.Cryptography;
using System.Text;
using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Auth;

/// <summary>
/// The sign-in token (configured, or random for this run) and the API keys, compared in constant
/// time so that a response's timing does not reveal how much of a guess was right.
/// </summary>
internal sealed class SignInSecrets
{
    private readonly byte[] _token;
    private readonly (string Name, byte[] Key, string Role)[] _keys;

    public SignInSecrets(IOptions<AuthOptions> options)
    {
        var settings = options.Value;
        Token = string.IsNullOrWhiteSpace(settings.Token)
            ? Base64UrlEncode(RandomNumberGenerator.GetBytes(32))
            : settings.Token.Trim();
        _token = Encoding.UTF8.GetBytes(Token);
        _keys = settings.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k.Value.Key))
            .Select(k => (k.Key, Encoding.UTF8.GetBytes(k.Value.Key!.Trim()), k.Value.Role!.Trim().ToLowerInvariant()))
            .ToArray();
    }

    /// <summary>The token of the login URL. It goes to the one log line that prints that URL, and nowhere else.</summary>
    public string Token { get; }

    public bool IsToken(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate.Trim()), _token);

    /// <summary>The key's name and role, or null. Every key is compared, so the time taken does not say which one came close.</summary>
    public (string Name, string Role)? FindKey(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(candidate.Trim());
        (string, string)? found = null;
        foreach (var (name, key, role) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, key))
            {
                found = (name, role);
            }
        }

        return found;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
