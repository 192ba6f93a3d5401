using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Conflicts;

/// <summary>
/// An alert as a Microsoft Teams message: an Adaptive Card (1.4) in the <c>{ "type": "message",
/// "attachments": [ { "contentType": "application/vnd.microsoft.card.adaptive", "content": card } ] }</c>
/// envelope that Teams' Workflows webhooks ("post to a channel when a webhook request is received") and the
/// older incoming webhooks accept. Adaptive Card text is a Markdown subset (bold, italic, lists, links), and
/// Teams ignores HTML; every attacker-written value has Markdown's punctuation backslash-escaped and its line
/// breaks flattened, so a client ID cannot become a link, emphasis or a list.
/// </summary>
internal static class TeamsAlert
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>What Markdown gives meaning to anywhere in a line; escaped with a backslash wherever it appears.</summary>
    private const string MarkdownPunctuation = "\\`*_[]()<>#|~";

    public static JsonObject Payload(AlertMessage message)
    {
        var facts = new JsonArray(Fact(message.SubjectLabel, message.Subject));
        foreach (var (label, value) in message.Facts)
        {
            facts.Add(Fact(label, value));
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = message.Headline,
                    ["weight"] = "Bolder",
                    ["size"] = "Medium",
                    ["color"] = message.Resolved ? "Good" : "Attention",
                    ["wrap"] = true,
                },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts }),
        };
        if (message.Link is { } link)
        {
            card["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Action.OpenUrl",
                ["title"] = message.Resolved ? "Open in the dashboard" : "Open the drill-down",
                ["url"] = link.AbsoluteUri,
            });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = CardContentType,
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }

    /// <summary>
    /// Markdown's punctuation backslash-escaped, and a leading list marker (<c>-</c>, <c>+</c>, <c>1.</c>);
    /// line breaks and other control characters become spaces, so the value stays one line of text.
    /// </summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        var listMarker = ListMarkerAt(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (i == listMarker)
            {
                builder.Append('\\');
            }

            if (char.IsControl(c))
            {
                builder.Append(' ');
                continue;
            }

            if (MarkdownPunctuation.Contains(c, StringComparison.Ordinal) && i != listMarker)
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Where a leading list marker's punctuation is ("- x", "+ x", "12. x", "3) x"), or -1.</summary>
    private static int ListMarkerAt(string value)
    {
        var digits = value.TakeWhile(char.IsAsciiDigit).Count();
        var at = value.StartsWith('-') || value.StartsWith('+') ? 0 : digits > 0 && digits < value.Length && value[digits] is '.' or ')' ? digits : -1;
        return at >= 0 && (at + 1 == value.Length || char.IsWhiteSpace(value[at + 1])) ? at : -1;
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = Escape(value) };
}
