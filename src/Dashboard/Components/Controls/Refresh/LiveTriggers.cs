namespace Dashboard.Components.Controls.Refresh;

/// <summary>Why a live component re-reads; several at once when requests were coalesced into one run.</summary>
[Flags]
public enum LiveTriggers
{
    None = 0,

    /// <summary>Live state changed (for the clients the component cares about).</summary>
    Change = 1,

    /// <summary>History has stored new events (for the clients the component cares about).</summary>
    Stored = 2,

    /// <summary>The component's period elapsed: relative times and source states move on.</summary>
    Tick = 4,

    /// <summary>The component asked itself (first read, new parameters, a choice by the user): read everything.</summary>
    Reload = 8,
}
