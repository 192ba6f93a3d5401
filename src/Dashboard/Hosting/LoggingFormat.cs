using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// <c>Logging:Format</c>: <c>text</c> (the default, the console's usual lines) or <c>json</c> (the
/// built-in JSON console formatter with scopes: one object per line, for Loki or Elastic).
/// </summary>
internal static class LoggingFormat
{
    public const string Key = "Logging:Format";

    public static void AddDashboardLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[Key]?.Trim();
        if (string.IsNullOrEmpty(format) || format.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(Key, typeof(string), [$"{Key} must be text (the default) or json; got '{format}'."]);
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
