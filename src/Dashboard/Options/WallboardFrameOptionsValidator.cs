using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>
/// Each <c>Wallboard:FrameAncestors</c> item must be one CSP source. The list goes into a
/// response header, so a ';' (which would start a directive of its own, e.g. a laxer
/// script-src), a ',' (which would start a second policy), a space or a quote other than the
/// two keywords stop start-up rather than weaken the policy.
/// </summary>
internal sealed partial class WallboardFrameOptionsValidator : IValidateOptions<WallboardFrameOptions>
{
    internal const string NoneKeyword = "'none'";
    private const string SelfKeyword = "'self'";
    private const string Rule = "must be one Content-Security-Policy source such as 'self', https://signage.example.com or https: (one per item, without ';', ',' or spaces)";

    public ValidateOptionsResult Validate(string? name, WallboardFrameOptions o)
    {
        var errors = new ValidationErrors(WallboardFrameOptions.Section);
        var sources = o.FrameAncestors ?? [];
        for (var i = 0; i < sources.Length; i++)
        {
            errors.Require(IsSource(sources[i]), $"FrameAncestors:{i}", Rule, sources[i]);
        }

        errors.Require(
            sources.Length <= 1 || !sources.Contains(NoneKeyword, StringComparer.OrdinalIgnoreCase),
            "FrameAncestors",
            "may hold 'none' only on its own",
            string.Join(" ", sources));
        return errors.Result;
    }

    private static bool IsSource(string? source) => source switch
    {
        null => false,
        _ when source.Equals(SelfKeyword, StringComparison.OrdinalIgnoreCase) || source.Equals(NoneKeyword, StringComparison.OrdinalIgnoreCase) => true,

        // To a browser a bare self or none is a host of that name: surely a keyword without its quotes.
        _ when source.Equals("self", StringComparison.OrdinalIgnoreCase) || source.Equals("none", StringComparison.OrdinalIgnoreCase) => false,
        _ => SchemeSource().IsMatch(source) || HostSource().IsMatch(source),
    };

    /// <summary>CSP's scheme-source: <c>https:</c>.</summary>
    [GeneratedRegex("^[a-z][a-z0-9+.-]*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeSource();

    /// <summary>CSP's host-source: optional scheme, a host (or <c>*</c>, or <c>*.</c> and a host), optional port (or <c>*</c>) and path.</summary>
    [GeneratedRegex(@"^([a-z][a-z0-9+.-]*://)?(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)(:([0-9]{1,5}|\*))?(/[a-z0-9._~!$&()*+=:@%/-]*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostSource();
}
