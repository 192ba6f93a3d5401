using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Core.Conflicts;

/// <summary>
/// Keys that name a finding or an incident by what it is about, not by the detector's counter: a
/// finding by its kind and client ID, an incident by its kind and scope (the reason of a mass
/// disconnect or refused-connections incident, the source IP or network of an auth-failure burst). The same problem gets the same key after a
/// restart, so an acknowledgement stored under it finds its problem again. The parts are hashed
/// (SHA-256, length-prefixed, first 16 bytes in base64url) so a key is short and safe in a URL path
/// whatever the client ID holds.
/// </summary>
public static class FindingKeys
{
    public const int Length = 24;

    public static string Of(Finding finding) => Hash("f", FindingTexts.Name(finding.Kind), finding.ClientId);

    public static string Of(Incident incident) => Hash("i", incident.Kind.ToString(), incident.Kind == IncidentKind.AuthFailureBurst ? incident.SourceNetwork ?? incident.SourceIp ?? "" : incident.Reason);

    /// <summary>What the key stands for, for people: the audit log's target.</summary>
    public static string Describe(Finding finding) => $"{FindingTexts.Name(finding.Kind)} {finding.ClientId}";

    public static string Describe(Incident incident) => $"{FindingTexts.Name(incident.Kind)} {incident.Scope}";

    /// <summary>Whether <paramref name="value"/> has a key's shape; anything else cannot name a finding.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && (value[0] is 'f' or 'i') && value[1] == '-' && value.Skip(2).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Hash(string prefix, string kind, string scope)
    {
        var text = $"{kind.Length}:{kind}\n{scope.Length}:{scope}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return prefix + "-" + Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
