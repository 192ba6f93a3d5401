using Dashboard.Core.Reasons;

namespace Dashboard.Components.Controls;

/// <summary>
/// Short explanations of disconnect reasons for the UI, from <see cref="ReasonCatalog"/>. The set
/// is open: a reason not in the catalogue is shown verbatim with no explanation, never hidden.
/// </summary>
public static class DisconnectReasons
{
    /// <summary>The explanation of a known reason, or null.</summary>
    public static string? Explain(string? reason) => ReasonCatalog.Explain(reason);
}
