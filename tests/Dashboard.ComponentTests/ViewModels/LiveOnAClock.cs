using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Tests.Components;

namespace Dashboard.Tests.ViewModels;

/// <summary>Real live state on a manual clock that starts at <see cref="DashboardTestHost.Start"/>: what view models read.</summary>
internal sealed class LiveOnAClock : IDisposable
{
    public LiveOnAClock()
    {
        State = new LiveState(new LiveStateOptions(), Diagnostics, Time);
    }

    public ManualTimeProvider Time { get; } = new(DashboardTestHost.Start);

    public IngestDiagnostics Diagnostics { get; } = new();

    public LiveState State { get; }

    public void Dispose() => State.Dispose();
}
