using System.Collections.Concurrent;
using System.Text.Json;
using Dashboard.Tests.Integration.Infrastructure;
using Dashboard.Tests.Shared;

namespace Dashboard.Tests.Integration;

/// <summary>Alerts:Format slack and teams: a message people read, posted to a real local receiver, with hostile client IDs defused.</summary>
public sealed class ChatAlertTests
{
    /// <summary>A client ID that would be a mention, links, markup and a list in the wrong hands (no quote or backslash: the webhook lines are raw JSON).</summary>
    private const string HostileId = "- <!channel> *x* _y_ [a](http://evil.example) <http://evil.example|click> & co";

    [Fact]
    public async Task Slack_gets_a_readable_message_with_the_client_escaped_a_link_and_a_resolved_notice()
    {
        var (opened, resolved) = await OpenAndResolveAsync("slack");

        // text: what notifications show; mrkdwn, so Slack's control characters are escaped.
        var text = opened.GetProperty("text").GetString()!;
        Assert.StartsWith("Client ID conflict opened: client - &lt;!channel&gt; *x* _y_ [a](http://evil.example) &lt;http://evil.example|click&gt; &amp; co, 3×", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<http://evil", text, StringComparison.Ordinal);
        var link = $"https://ops.example.com/dash/clients/{Uri.EscapeDataString(HostileId)}";
        Assert.EndsWith($" <{link}|open>", text, StringComparison.Ordinal);

        // blocks: a header, the facts as plain_text (no markup parsed), a button to the drill-down.
        var blocks = opened.GetProperty("blocks").EnumerateArray().ToArray();
        Assert.Equal(["header", "section", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("⚠️ Client ID conflict opened", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks[1].GetProperty("fields").EnumerateArray().ToArray();
        Assert.All(fields, f => Assert.Equal("plain_text", f.GetProperty("type").GetString()));
        Assert.Equal(
            [$"Client: {HostileId}", "Count: 3", "Peers: 10.0.0.2 ×2 ⇄ 10.0.0.3 ×1", "Severity: warning"],
            fields.Select(f => f.GetProperty("text").GetString()));
        Assert.Equal(link, blocks[2].GetProperty("elements")[0].GetProperty("url").GetString());
        Assert.False(opened.GetProperty("unfurl_links").GetBoolean());

        Assert.StartsWith("Client ID conflict resolved: client ", resolved.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("✅ Client ID conflict resolved", resolved.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_with_the_client_escaped_a_link_and_a_resolved_notice()
    {
        var (opened, resolved) = await OpenAndResolveAsync("teams");

        Assert.Equal("message", opened.GetProperty("type").GetString());
        var attachment = Assert.Single(opened.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        var body = card.GetProperty("body").EnumerateArray().ToArray();
        Assert.Equal(("Client ID conflict opened", "Attention"), (body[0].GetProperty("text").GetString(), body[0].GetProperty("color").GetString()));

        // Markdown's punctuation is escaped, and the leading "- " is no list.
        var facts = body[1].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal(@"\- \<!channel\> \*x\* \_y\_ \[a\]\(http://evil.example\) \<http://evil.example\|click\> & co", facts["Client"]);
        Assert.Equal("3", facts["Count"]);
        Assert.Equal("10.0.0.2 ×2 ⇄ 10.0.0.3 ×1", facts["Peers"]);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", $"https://ops.example.com/dash/clients/{Uri.EscapeDataString(HostileId)}"), (action.GetProperty("type").GetString(), action.GetProperty("url").GetString()));

        var resolvedCard = resolved.GetProperty("attachments")[0].GetProperty("content");
        Assert.Equal(("Client ID conflict resolved", "Good"), (resolvedCard.GetProperty("body")[0].GetProperty("text").GetString(), resolvedCard.GetProperty("body")[0].GetProperty("color").GetString()));
    }

    /// <summary>Opens a conflict for <see cref="HostileId"/> with Alerts:Format <paramref name="format"/>; returns the opening and resolving bodies.</summary>
    private static async Task<(JsonElement Opened, JsonElement Resolved)> OpenAndResolveAsync(string format)
    {
        var received = new ConcurrentQueue<JsonElement>();
        await using var receiver = await FindingAlertTests.StartReceiverAsync(received);
        await using var app = new DashboardApp(new Dictionary<string, string?>
        {
            ["Mqtt:Enabled"] = "false",
            ["Alerts:Url"] = $"{receiver.Urls.Single()}/alerts",
            ["Alerts:Format"] = format,
            ["Alerts:DashboardUrl"] = "https://ops.example.com/dash",
            ["Conflicts:Window"] = "00:00:03",
        });
        app.StartServer();

        (await app.PostToWebhookAsync(WebhookLines.Swaps(HostileId, DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();

        var both = await Eventually.HoldsAsync(() => Task.FromResult(received.ToArray()), r => r.Length >= 2, "the opening and resolving alerts arrived", TimeSpan.FromSeconds(30));
        return (both[0], both[1]);
    }
}
