using Dashboard.History;

namespace Dashboard.Tests.TwoInstances;

/// <summary>The NOTIFY payload instances exchange: small, no user text, and anything else on the channel refused.</summary>
public sealed class ActionNotificationsTests
{
    private const string Key = "f-AbCdEfGhIjKlMnOpQrSt_-";

    [Fact]
    public void An_acknowledgement_and_an_audit_row_read_back_with_their_sender()
    {
        var payload = ActionNotifications.Format(ActionNotice.AcknowledgementChanged(Key), "proc1");
        Assert.Equal($"v1|ack|proc1|{Key}", payload);
        Assert.True(ActionNotifications.TryParse(payload, out var notice, out var sender));
        Assert.Equal((ActionNotice.AcknowledgementChanged(Key), "proc1"), (notice, sender));

        Assert.True(ActionNotifications.TryParse(ActionNotifications.Format(ActionNotice.AuditAppended, "proc2"), out notice, out sender));
        Assert.Equal((ActionNotice.AuditAppended, "proc2"), (notice, sender));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v2|ack|p|f-AbCdEfGhIjKlMnOpQrSt_-")]
    [InlineData("v1|kick|p|")]
    [InlineData("v1|ack|p|f-AbCdEfGhIjKlMnOpQrSt_-|more")]
    public void Anything_else_on_the_channel_is_refused(string? payload) =>
        Assert.False(ActionNotifications.TryParse(payload, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("f-short")]
    [InlineData("x-AbCdEfGhIjKlMnOpQrSt_-")]
    [InlineData("f-AbCdEfGhIjKlMnOpQrS<b>")]
    public void An_acknowledgement_without_a_well_formed_key_means_reload_them_all(string key)
    {
        Assert.True(ActionNotifications.TryParse($"v1|ack|p|{key}", out var notice, out _));
        Assert.Equal(ActionNotice.AcknowledgementChanged(key) with { Key = null }, notice);
    }
}
