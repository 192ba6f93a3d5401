using Bunit;
using Dashboard.Core.Events;
using Dashboard.Core.Ingestion;
using Dashboard.Core.Live;
using Dashboard.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Components;

/// <summary>
/// A bunit context with MudBlazor set up as MudBlazor's own tests do, and the dashboard's real
/// singletons fed by real events. Held as a field, not inherited: MudBlazor registers services
/// that are only <see cref="IAsyncDisposable"/>, so the context must be disposed asynchronously
/// (tests implement <see cref="IAsyncLifetime"/> and await <see cref="DisposeAsync"/>).
/// </summary>
public sealed class DashboardTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public DashboardTestHost()
    {
        Time = new ManualTimeProvider(Start);
        Diagnostics = new IngestDiagnostics();
        Channel = new IngestChannel(1000);
        LiveState = new LiveState(new LiveStateOptions(), Diagnostics, Time);
        Notifier = new ChangeNotifier(TimeSpan.FromMilliseconds(200), Time);

        Context = new BunitContext();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;

        // A signed-in viewer, as every page of the app has (AuthorizeRouteView checks it).
        Authorization = Context.AddAuthorization();
        Authorization.SetAuthorized("viewer")
            .SetRoles(Dashboard.Auth.DashboardRoles.Viewer)
            .SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer, Dashboard.Auth.DashboardPolicies.Wallboard);
        Context.Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Context.Services.AddSingleton<TimeProvider>(Time);
        Context.Services.AddSingleton(Diagnostics);
        Context.Services.AddSingleton(Channel);
        Context.Services.AddSingleton(LiveState);
        Refusals = new Dashboard.Core.Refusals.RefusalCounter(Time);
        Context.Services.AddSingleton(Refusals);
        Context.Services.AddSingleton(Notifier);
        Context.Services.AddSingleton(new Dashboard.Core.History.HistoryStatus("none"));

        // History is off unless a test registers a store of its own (the last registration wins).
        Context.Services.AddSingleton<Dashboard.Core.History.IHistoryStore>(new Dashboard.Core.History.DisabledHistoryStore());
        Conflicts = new Dashboard.Conflicts.ConflictService(new Dashboard.Core.Conflicts.ConflictDetector(new Dashboard.Core.Conflicts.ConflictOptions()), Notifier, Time);
        Context.Services.AddSingleton(Conflicts);

        // No maintenance window unless a test puts some in.
        Maintenance = new Dashboard.Core.Maintenance.MaintenanceCalendar(new Dashboard.Core.Groups.StaticDeviceGroups(Dashboard.Core.Groups.GroupMatcher.None));
        Context.Services.AddSingleton<Dashboard.Core.Maintenance.IMaintenanceCalendar>(Maintenance);
        Context.Services.AddSingleton<Dashboard.Core.Groups.IDeviceGroups>(new Dashboard.Core.Groups.StaticDeviceGroups(Dashboard.Core.Groups.GroupMatcher.None));

        // Acknowledgements and the audit log in memory, as with history off.
        Actions = new Dashboard.Core.Actions.InMemoryActionStore();
        Acknowledgements = NewAcknowledgements(Conflicts, Actions, Time);
        Context.Services.AddSingleton<Dashboard.Core.Actions.IActionStore>(Actions);
        Context.Services.AddSingleton(Acknowledgements);
        var audit = new Dashboard.Actions.AuditLog(Actions, Microsoft.Extensions.Logging.Abstractions.NullLogger<Dashboard.Actions.AuditLog>.Instance);
        Context.Services.AddSingleton(audit);

        // EMQX's REST API: off (no Emqx:ApiUrl) until a test sets EmqxOptions.ApiUrl; requests go to the fake.
        var emqx = new Dashboard.Emqx.EmqxApiClient(Emqx, Microsoft.Extensions.Options.Options.Create(EmqxOptions), Microsoft.Extensions.Options.Options.Create(new Dashboard.Options.IngestOptions()));
        Context.Services.AddSingleton(emqx);
        Context.Services.AddSingleton(new Dashboard.Actions.KickService(emqx, audit, Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Dashboard.Actions.KickService>.Instance));
    }

    /// <summary>The Emqx settings the app sees; set <c>ApiUrl</c> to turn the REST features on.</summary>
    public Dashboard.Options.EmqxOptions EmqxOptions { get; } = new();

    /// <summary>EMQX's REST API: what the app sent it, and what it answers.</summary>
    public FakeEmqxHandler Emqx { get; } = new();

    public Dashboard.Core.Actions.InMemoryActionStore Actions { get; }

    /// <summary>The maintenance windows the pages see (Overview, wallboard): none until a test replaces them.</summary>
    public Dashboard.Core.Maintenance.MaintenanceCalendar Maintenance { get; }

    internal Dashboard.Actions.AcknowledgementService Acknowledgements { get; }

    /// <summary>The app's acknowledgement service on <paramref name="store"/>, for view-model tests too.</summary>
    internal static Dashboard.Actions.AcknowledgementService NewAcknowledgements(Dashboard.Conflicts.ConflictService conflicts, Dashboard.Core.Actions.IActionStore store, TimeProvider time) => new(
        conflicts,
        store,
        new Dashboard.Actions.AuditLog(store, Microsoft.Extensions.Logging.Abstractions.NullLogger<Dashboard.Actions.AuditLog>.Instance),
        time,
        Microsoft.Extensions.Logging.Abstractions.NullLogger<Dashboard.Actions.AcknowledgementService>.Instance);

    public BunitContext Context { get; }

    /// <summary>Who the pages see as signed in: a viewer unless a test says otherwise.</summary>
    public Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    public ManualTimeProvider Time { get; }

    public IngestDiagnostics Diagnostics { get; }

    public IngestChannel Channel { get; }

    public LiveState LiveState { get; }

    public ChangeNotifier Notifier { get; }

    /// <summary>The last hour's refused connects in memory (the overview and wallboard tile, /refused without history).</summary>
    public Dashboard.Core.Refusals.RefusalCounter Refusals { get; }

    internal Dashboard.Conflicts.ConflictService Conflicts { get; }

    /// <summary>Makes the pages see an operator ("ops") instead of the viewer.</summary>
    public void SignInOperator() => Authorization.SetAuthorized("ops").SetRoles(Dashboard.Auth.DashboardRoles.Operator)
        .SetPolicies(Dashboard.Auth.DashboardPolicies.Viewer, Dashboard.Auth.DashboardPolicies.Operator);

    /// <summary>What the pipeline does with a batch: apply it, then mark the changed clients.</summary>
    public void Apply(params ConnectionEvent[] events)
    {
        var changed = LiveState.ApplyBatch(events);
        Notifier.MarkChanged(changed);
    }

    /// <summary>Applies the batch and delivers the notification now, as the notifier's run loop would.</summary>
    public async Task ApplyAndNotifyAsync(params ConnectionEvent[] events)
    {
        Apply(events);
        await Notifier.PublishPendingAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        LiveState.Dispose();
        Emqx.Dispose();
    }
}
