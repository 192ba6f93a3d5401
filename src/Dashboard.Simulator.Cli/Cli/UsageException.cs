namespace Dashboard.Simulator.Cli;

/// <summary>The command line is wrong; the message names the argument. The program exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>
    /// Runs an options class's own validation, so what the parser let through still counts as bad
    /// arguments, and puts the command-line name in front of the option name the validation gives.
    /// </summary>
    /// <param name="arguments">Option name (the exception's ParamName) to command-line argument.</param>
    public static void Validate(Action validate, IReadOnlyDictionary<string, string> arguments)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            string? argument = ex.ParamName is null ? null : arguments.GetValueOrDefault(ex.ParamName);
            throw new UsageException(argument is null ? ex.Message : $"{argument}: {ex.Message}");
        }
    }
}
