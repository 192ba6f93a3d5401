using Dashboard.Core.Conflicts;

namespace Dashboard.History;

/// <summary>
/// What one instance tells the others, on PostgreSQL, after it changed an operator's action
/// (LISTEN/NOTIFY on <see cref="Channel"/>): the kind and, for an acknowledgement, its finding key.
/// The payload carries no user text (no note, actor or target); receivers read the row itself from
/// the database. It also names the sending process, so an instance can skip its own.
/// Format: <c>v1|kind|sender|key</c>, a few dozen bytes, far below NOTIFY's 8000-byte limit.
/// </summary>
internal static class ActionNotifications
{
    public const string Channel = "dashboard_actions";

    /// <summary>An acknowledgement was saved or removed; the key names which.</summary>
    public const string Acknowledgement = "ack";

    /// <summary>An audit row was appended.</summary>
    public const string Audit = "audit";

    /// <summary>A maintenance window was created or ended: read the windows again.</summary>
    public const string Maintenance = "maint";
    /// <summary>A run-time device group was added, changed or removed: read them all again.</summary>
    public const string Groups = "groups";

    private const string Version = "v1";

    public static string Format(ActionNotice notice, string sender) =>
        string.Join('|', Version, notice.Kind, sender, notice.Key ?? "");

    /// <summary>
    /// Reads a payload; false for anything this build did not write (another version, a stray NOTIFY
    /// on the channel). A key that is not a finding key's shape comes back null: reload everything.
    /// </summary>
    public static bool TryParse(string? payload, out ActionNotice notice, out string sender)
    {
        notice = new ActionNotice(Audit, null);
        sender = "";
        var parts = payload?.Split('|');
        if (parts is not [Version, var kind, var from, var key] || kind is not (Acknowledgement or Audit or Maintenance or Groups))
        {
            return false;
        }

        notice = new ActionNotice(kind, FindingKeys.IsWellFormed(key) ? key : null);
        sender = from;
        return true;
    }
}

/// <summary>One change to tell other instances of: <see cref="ActionNotifications.Acknowledgement"/> with its key, <see cref="ActionNotifications.Audit"/> or <see cref="ActionNotifications.Maintenance"/>.</summary>
internal sealed record ActionNotice(string Kind, string? Key)
{
    public static readonly ActionNotice AuditAppended = new(ActionNotifications.Audit, null);

    public static readonly ActionNotice MaintenanceChanged = new(ActionNotifications.Maintenance, null);
    public static readonly ActionNotice GroupsChanged = new(ActionNotifications.Groups, null);

    public static ActionNotice AcknowledgementChanged(string key) => new(ActionNotifications.Acknowledgement, key);
}
