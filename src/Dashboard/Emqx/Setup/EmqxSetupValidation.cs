namespace Dashboard.Emqx.Setup;

/// <summary>Checks what an admin typed before anything is sent to EMQX; each error names its field.</summary>
public static class EmqxSetupValidation
{
    public const int MaxTopicLength = 200;

    public const int MaxUrlLength = 500;

    /// <summary>The errors in <paramref name="request"/>, by field (<c>topic</c>, <c>url</c>, <c>mode</c>); empty when it is fine.</summary>
    public static Dictionary<string, string[]> Check(EmqxSetupRequest request, bool webhookOn)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Mode == EmqxSetupMode.Republish && TopicError(request.RepublishTopic) is { } topicError)
        {
            errors["topic"] = [topicError];
        }

        if (request.Mode == EmqxSetupMode.Http)
        {
            if (!webhookOn)
            {
                errors["mode"] = ["The HTTP action needs the webhook, which is off: set Webhook:Secret (at least 16 characters) and restart, or choose Republish."];
            }

            if (UrlError(request.DashboardUrl) is { } urlError)
            {
                errors["url"] = [urlError];
            }
        }

        return errors;
    }

    /// <summary>A topic EMQX can publish to and the dashboard can subscribe to: no wildcards, no <c>$</c> topics.</summary>
    public static string? TopicError(string? topic) => topic switch
    {
        null or "" => "Give the topic the rule republishes to, e.g. " + EmqxSetupPlanBuilder.DefaultRepublishTopic + ".",
        { Length: > MaxTopicLength } => $"The topic is longer than {MaxTopicLength} characters.",
        _ when topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal) => "A republish topic cannot contain the wildcards + or #.",
        _ when topic.StartsWith('$') => "Topics starting with $ are the broker's own; choose another.",
        _ when topic.Any(char.IsControl) || topic.Any(char.IsWhiteSpace) => "The topic cannot contain spaces or control characters.",
        _ => null,
    };

    /// <summary>An absolute http or https URL, without credentials, query or fragment.</summary>
    public static string? UrlError(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Give the URL at which EMQX reaches this dashboard, e.g. http://dashboard:5000.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"The URL is longer than {MaxUrlLength} characters.";
        }

        if (!Options.HttpUrl.IsHttp(url, out var uri))
        {
            return "The URL must be absolute and start with http:// or https://.";
        }

        if (!Options.HttpUrl.IsBareBase(uri))
        {
            return "The URL must be the dashboard's base address only: no user name, query or fragment.";
        }

        return null;
    }
}
