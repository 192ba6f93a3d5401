using Dashboard.ViewModels;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Refresh;

/// <summary>
/// A live page with a range in its URL: the range's query values, named as <see cref="RangeUrl"/>
/// reads them, the same on every such page (Reasons, Refused, a client's drill-down).
/// </summary>
public abstract class LiveRangePage : LivePage
{
    [SupplyParameterFromQuery(Name = RangeUrl.RangeName)]
    public string? RangeParameter { get; set; }

    [SupplyParameterFromQuery(Name = RangeUrl.FromName)]
    public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = RangeUrl.ToName)]
    public string? ToParameter { get; set; }
}
