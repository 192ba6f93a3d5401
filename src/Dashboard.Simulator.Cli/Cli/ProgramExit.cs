namespace Dashboard.Simulator.Cli;

internal static class ProgramExit
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
}
