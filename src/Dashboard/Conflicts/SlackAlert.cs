using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Conflicts;

/// <summary>
/// An alert as a Slack incoming-webhook message: <c>text</c> (what notifications show) and Block Kit
/// <c>blocks</c> (a header, the client and facts, a link button). Attacker-written values go into
/// <c>plain_text</c> objects where Block Kit allows (no markup is parsed there) and, in the mrkdwn
/// <c>text</c>, with Slack's control characters &amp;, &lt; and &gt; escaped, so a client ID cannot
/// become a link, a mention (<c>&lt;!channel&gt;</c>) or markup.
/// </summary>
internal static class SlackAlert
{
    /// <summary>Block Kit's limits: a header's text, a field's text (we stay well under both).</summary>
    private const int MaxHeader = 150;
    private const int MaxField = 1900;

    public static JsonObject Payload(AlertMessage message)
    {
        var fields = new JsonArray(
            Field($"{message.SubjectLabel}: {message.Subject}"));
        foreach (var (label, value) in message.Facts)
        {
            fields.Add(Field($"{label}: {value}"));
        }

        var blocks = new JsonArray(
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(Cut((message.Resolved ? "✅ " : "⚠️ ") + message.Headline, MaxHeader)),
            },
            new JsonObject { ["type"] = "section", ["fields"] = fields });
        if (message.Link is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = PlainText(message.Resolved ? "Open in the dashboard" : "Open the drill-down"),
                    ["url"] = link.AbsoluteUri,
                }),
            });
        }

        var text = message.Summary(Escape);
        if (message.Link is { } url)
        {
            // The URL's client ID is percent-escaped whole, so it holds no '|' or '>' to end the link early.
            text += $" <{url.AbsoluteUri}|open>";
        }

        return new JsonObject
        {
            ["text"] = text,
            ["blocks"] = blocks,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
    }

    /// <summary>Slack's escaping for mrkdwn text: only &amp;, &lt; and &gt; (Slack decodes no other entity).</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static JsonObject Field(string text) => PlainText(Cut(text, MaxField));

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = false };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
