using Dashboard.Actions;
using Dashboard.Api;
using Dashboard.Conflicts;
using Dashboard.Core.Actions;
using Dashboard.Core.Conflicts;
using Dashboard.Core.Live;
using Dashboard.Groups;

namespace Dashboard.ViewModels;

/// <summary>
/// The conflicts page's lists: one page of findings, filtered and sorted as its URL says
/// (<see cref="Query"/>, asked of <see cref="ConflictService.GetFindingPage"/>), active ones first; and
/// the fleet incidents in the chosen state, newest first. Each shows whether it is acknowledged (and
/// re-opened); an active one can be acknowledged with a note.
/// </summary>
internal sealed class ConflictsView(ConflictService conflicts, AcknowledgementService acknowledgements, LiveState live, TimeProvider time)
{
    /// <summary>The filters, sort and page; the page sets it from its URL (<see cref="ConflictsUrl"/>).</summary>
    public FindingQuery Query { get; set; } = new();

    /// <summary>The findings shown: the query's page.</summary>
    public FindingPage Page { get; private set; } = new([], 0, 1, 1);

    public IReadOnlyList<Finding> Shown => Page.Items;

    public IReadOnlyList<Incident> Incidents { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>False with history off: the page says acknowledgements end with the process.</summary>
    public bool AcknowledgementsDurable => acknowledgements.IsDurable;

    /// <summary>The keys of the rows opened to show their evidence and advice.</summary>
    public HashSet<string> Expanded { get; } = new(StringComparer.Ordinal);

    /// <summary>The note being typed for each finding key.</summary>
    public Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the last acknowledgement did not happen, by finding key.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public AcknowledgementStatus? StatusOf(Finding finding) => conflicts.Acknowledgements.StatusOf(finding);

    public AcknowledgementStatus? StatusOf(Incident incident) => conflicts.Acknowledgements.StatusOf(incident);

    /// <summary>Opens or closes a row's evidence and advice.</summary>
    public void Toggle(string key)
    {
        if (!Expanded.Remove(key))
        {
            Expanded.Add(key);
        }
    }

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
        // A group narrows the incidents too: those with a client in it (as the per-group figures count them).
        var inGroup = ClientGroup.Filter(live, Query.Group);
        Page = conflicts.GetFindingPage(Query, inGroup);
        Incidents = conflicts.GetIncidents(Query.State).Where(i => inGroup is null || i.ClientIds.Any(inGroup)).OrderByDescending(i => i.LastSeen).ToArray();
    }
}
