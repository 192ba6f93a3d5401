namespace Dashboard.Core.Groups;

/// <summary>
/// A glob over client IDs or usernames: <c>*</c> stands for any run of characters (slashes included, so
/// <c>plant-3/*</c> takes <c>plant-3/line-1/pump</c>), <c>?</c> for exactly one; everything else matches
/// itself, case-sensitively, as EMQX compares client IDs. A character is a Unicode code point. No escapes: a literal <c>*</c> or <c>?</c> in an ID
/// is matched by the wildcard itself.
/// </summary>
public sealed class GlobPattern
{
    public const int MaxLength = 256;

    private GlobPattern(string text) => Text = text;

    public string Text { get; }

    /// <summary>Null with a reason for an empty or over-long pattern, which config and the API both refuse.</summary>
    public static GlobPattern? TryParse(string? text, out string? error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return null;
        }

        if (text.Length > MaxLength)
        {
            error = $"is longer than {MaxLength} characters";
            return null;
        }

        if (text.Any(char.IsControl))
        {
            error = "contains a control character";
            return null;
        }

        error = null;
        return new GlobPattern(text);
    }

    /// <summary>
    /// Iterative wildcard match: on a mismatch after a <c>*</c>, let that star take one more character and
    /// retry. Linear in practice, at worst pattern × value, with both bounded.
    /// </summary>
    public bool IsMatch(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var pattern = Text;
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '?')
            {
                p++;
                v += CharacterLength(value, v);
            }
            else if (p < pattern.Length && pattern[p] == value[v] && pattern[p] != '*')
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                resume += CharacterLength(value, resume);
                v = resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public override string ToString() => Text;

    /// <summary>
    /// A character outside the Basic Multilingual Plane (an emoji) is one character to <c>?</c> and to a star's
    /// steps, as it is to the databases' GLOB and LIKE, not two UTF-16 halves.
    /// </summary>
    private static int CharacterLength(string value, int at) =>
        at + 1 < value.Length && char.IsSurrogatePair(value[at], value[at + 1]) ? 2 : 1;
}
