using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// Runs the app, turning a configuration error into one clear message and exit code 2 instead of
/// a stack trace. The messages name the configuration key (see the options validators).
/// </summary>
internal static class StartupErrors
{
    /// <summary>Builds the app with <paramref name="build"/> and runs it; any stage may report a configuration error.</summary>
    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        try
        {
            await using var app = build();
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Invalid configuration:\n  " + string.Join("\n  ", ex.Failures));
            return 2;
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync("Cannot start: " + ex.Message);
            return 2;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key, e.g. "… value at 'Mqtt:Port' to type 'System.Int32'".
            await Console.Error.WriteLineAsync("Invalid configuration: " + ex.Message);
            return 2;
        }
    }
}

/// <summary>A start-up problem the user can fix, with a message that says how.</summary>
internal sealed class StartupException(string message) : Exception(message);
