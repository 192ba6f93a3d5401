using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// The log's shape and what stays out of it. <c>Logging:Format</c>: <c>text</c> (the default, the
/// console's usual lines) or <c>json</c> (the built-in JSON console formatter with scopes: one object
/// per line, for Loki or Elastic).
/// </summary>
internal static class DashboardLogging
{
    public const string FormatKey = "Logging:Format";

    // The host's "Request starting/finished" lines print the whole URL, and some URLs carry a secret
    // in their query string: the login link's token, the wallboard link's key, the hub's
    // access_token. So they never reach a log, whatever Logging:LogLevel says; the host's warnings
    // and errors still do.
    private const string RequestLines = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void AddDashboardLogging(this WebApplicationBuilder builder)
    {
        // Added after the configuration's rules, so for this category these win (a console-only rule too).
        builder.Logging.AddFilter(RequestLines, LogLevel.Warning);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(RequestLines, LogLevel.Warning);

        var format = builder.Configuration[FormatKey]?.Trim();
        if (string.IsNullOrEmpty(format) || format.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(FormatKey, typeof(string), [$"{FormatKey} must be text (the default) or json; got '{format}'."]);
        }

        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
        });
    }
}
