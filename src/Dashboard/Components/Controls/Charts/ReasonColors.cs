using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// One colour per disconnect reason, the same on every chart and every day: a base colour per
/// colour group of <see cref="ReasonCatalog"/> (green graceful, orange administrative, amber timeout, dark red authorization, red
/// network, purple protocol, grey internal, brown unrecognised), lightened in steps for the
/// different reasons of one group. A reason's step comes from its name, never from what else is
/// on screen, so a colour does not move when another reason appears.
/// </summary>
public static class ReasonColors
{
    private static readonly double[] Steps = [0, 0.3, 0.5, 0.15, 0.4, 0.6];

    public static string BaseOf(ReasonColorGroup group) => group switch
    {
        ReasonColorGroup.Graceful => "#2e7d32",
        ReasonColorGroup.Administrative => "#ef6c00",
        ReasonColorGroup.Timeout => "#f9a825",
        ReasonColorGroup.Authorization => "#8b1a1a",
        ReasonColorGroup.Network => "#e53935",
        ReasonColorGroup.Protocol => "#8e24aa",
        ReasonColorGroup.Internal => "#546e7a",
        _ => "#6d4c41",
    };

    public static string Of(string reason) => Of(reason, ReasonCatalog.Describe(reason), ReasonCatalog.All);

    /// <summary>The colour of a refused connect's reason code (the refusal catalogue's groups; see <see cref="ReasonCatalog.DescribeRefusal"/>).</summary>
    public static string OfRefusal(string reasonCode) => Of(reasonCode, ReasonCatalog.DescribeRefusal(reasonCode), ReasonCatalog.AllRefusals);

    private static string Of(string reason, ReasonInfo info, IEnumerable<ReasonInfo> catalogue) =>
        Lighten(BaseOf(info.ColorGroup), Steps[StepOf(reason, info.ColorGroup, catalogue)]);

    /// <summary>Known reasons step through their group in catalogue order; others by a stable hash of the name.</summary>
    private static int StepOf(string reason, ReasonColorGroup group, IEnumerable<ReasonInfo> catalogue)
    {
        if (group != ReasonColorGroup.Unrecognised)
        {
            var index = catalogue.Where(r => r.ColorGroup == group).Select(r => r.Reason).ToList().IndexOf(reason);
            return Math.Max(index, 0) % Steps.Length;
        }

        // FNV-1a: string.GetHashCode differs from one process to the next.
        uint hash = 2166136261;
        foreach (var c in reason)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)Steps.Length);
    }

    private static string Lighten(string hex, double amount)
    {
        var rgb = Convert.FromHexString(hex.AsSpan(1));
        return "#" + Convert.ToHexStringLower(rgb.Select(v => (byte)Math.Round(v + ((255 - v) * amount))).ToArray());
    }
}
