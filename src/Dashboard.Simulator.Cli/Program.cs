using System.Runtime.InteropServices;
using Dashboard.Simulator.Cli;

// Thin on purpose: parsing and running live in Cli/. The first Ctrl+C (or SIGTERM, e.g. docker stop)
// stops cleanly; a second Ctrl+C kills.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

return await CommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token);
