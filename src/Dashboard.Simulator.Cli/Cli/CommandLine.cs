namespace Dashboard.Simulator.Cli;

/// <summary>Picks the command, runs it, and turns problems into a message and an exit code.</summary>
internal static class CommandLine
{
    private static readonly HashSet<string> Flags = [.. BrokerArguments.Flags, "--connect-all-first"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            output.WriteLine(Usage.Text);
            return ProgramExit.Done;
        }

        try
        {
            if (args.Length == 0)
            {
                throw new UsageException("no command: use fleet or firehose");
            }

            var options = new ArgumentReader(args[1..], Flags);
            return args[0] switch
            {
                "fleet" => await FleetCommand.RunAsync(options, output, cancellationToken),
                "firehose" => await FirehoseCommand.RunAsync(options, output, cancellationToken),
                _ => throw new UsageException($"unknown command '{args[0]}': use fleet or firehose"),
            };
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine("Run with --help for usage.");
            return ProgramExit.BadArguments;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C before anything started (e.g. while connecting): a clean stop, not a failure.
            return ProgramExit.Done;
        }
        catch (Exception ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ProgramExit.Failed;
        }
    }
}
