using Dashboard.Components.Controls.Refresh;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Moment;

/// <summary>
/// A live page that can show a past moment instead (Overview, Clients): the URL's <c>at</c>,
/// <c>window</c> and <c>after</c> (<see cref="MomentParameter"/>), read into <see cref="MomentAt"/> and
/// <see cref="MomentWindow"/> whenever the parameters are set, before the page's own reading.
/// </summary>
public abstract class MomentPage : LivePage
{
    /// <summary>A past moment to show from history, or null (live).</summary>
    [SupplyParameterFromQuery(Name = MomentParameter.Name)]
    public string? At { get; set; }

    /// <summary>Minutes either side of <see cref="At"/> whose disconnects are listed.</summary>
    [SupplyParameterFromQuery(Name = MomentParameter.WindowName)]
    public string? Window { get; set; }

    /// <summary>Where the list of who was online at <see cref="At"/> starts (a client ID), or null for the first.</summary>
    [SupplyParameterFromQuery(Name = MomentParameter.AfterName)]
    public string? After { get; set; }

    protected DateTimeOffset? MomentAt { get; private set; }

    protected int MomentWindow { get; private set; } = MomentParameter.DefaultWindowMinutes;

    /// <summary>Runs before <c>OnParametersSetAsync</c>, which pages override for their own reading.</summary>
    protected override void OnParametersSet()
    {
        MomentAt = MomentParameter.Parse(At);
        MomentWindow = MomentParameter.ParseWindow(Window);
        base.OnParametersSet();
    }
}
