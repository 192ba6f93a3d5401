using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;

namespace Dashboard.ViewModels;

/// <summary>
/// The conflicts page's lists: findings in the chosen state and of the chosen kind, active ones
/// first, then in the chosen order; and the fleet incidents in that state, newest first. Each shows
/// whether it is acknowledged (and re-opened); an active one can be acknowledged with a note.
/// </summary>
internal sealed class ConflictsView(ConflictService conflicts, AcknowledgementService acknowledgements, TimeProvider time)
{
    public const string AllKinds = "all";
    public const string SortSeverity = "severity";
    public const string SortCount = "count";
    public const string SortLastSeen = "last-seen";

    /// <summary>Active, resolved, or null for both.</summary>
    public FindingState? State { get; set; } = FindingState.Active;

    /// <summary>A finding kind's name (<see cref="Finding.KindName"/>), or <see cref="AllKinds"/>.</summary>
    public string Kind { get; set; } = AllKinds;

    /// <summary><see cref="SortSeverity"/>, <see cref="SortCount"/> or <see cref="SortLastSeen"/>.</summary>
    public string Sort { get; set; } = SortSeverity;

    public IReadOnlyList<Finding> Shown { get; private set; } = [];

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>False with history off: the page says acknowledgements end with the process.</summary>
    public bool AcknowledgementsDurable => acknowledgements.IsDurable;

    /// <summary>The note being typed for each finding key.</summary>
    public Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the last acknowledgement did not happen, by finding key.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public AcknowledgementStatus? StatusOf(Finding finding) => conflicts.Acknowledgements.StatusOf(finding);

    public AcknowledgementStatus? StatusOf(Incident incident) => conflicts.Acknowledgements.StatusOf(incident);

    /// <summary>Acknowledges the finding or incident under <paramref name="key"/> with its typed note, as <paramref name="actor"/>; then re-reads.</summary>
    public async Task AcknowledgeAsync(string key, Actor actor, CancellationToken cancellationToken)
    {
        var note = Notes.GetValueOrDefault(key, "").Trim();
        Errors.Remove(key);
        if (note.Length > Acknowledgement.MaxNoteLength)
        {
            Errors[key] = $"The note may have at most {Acknowledgement.MaxNoteLength} characters.";
            return;
        }

        try
        {
            if (await acknowledgements.AcknowledgeAsync(key, note, actor, cancellationToken) is null)
            {
                Errors[key] = "It is no longer active: nothing to acknowledge.";
            }
            else
            {
                Notes.Remove(key);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // AcknowledgementService has logged it; the page must not lose its circuit over it.
            Errors[key] = "The acknowledgement could not be stored; the server log has the details.";
        }

        Read();
    }

    public void Read()
    {
        Now = time.GetUtcNow();
        var findings = conflicts.GetFindings(State)
            .Where(f => Kind == AllKinds || f.KindName == Kind)
            .OrderByDescending(f => f.State == FindingState.Active);
        Shown = (Sort switch
        {
            SortCount => findings.ThenByDescending(f => f.Count).ThenByDescending(f => f.Severity),
            SortLastSeen => findings.ThenByDescending(f => f.LastSeen),
            _ => findings.ThenByDescending(f => f.Severity).ThenByDescending(f => f.Count),
        }).ThenByDescending(f => f.LastSeen).ToArray();
        Incidents = conflicts.GetIncidents(State).OrderByDescending(i => i.LastSeen).ToArray();
    }
}
