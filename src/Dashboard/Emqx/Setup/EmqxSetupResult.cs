namespace Dashboard.Emqx.Setup;

/// <summary>What became of one resource: <c>created</c>, <c>updated</c>, <c>unchanged</c>, <c>failed</c> (with EMQX's message) or <c>skipped</c>.</summary>
public sealed record EmqxSetupStepResult(string Resource, string Id, string Outcome, string? Message);

/// <summary>The setup's steps in order, and what the MQTT source did about the republish topic.</summary>
public sealed record EmqxSetupResult(EmqxSetupMode Mode, bool Succeeded, IReadOnlyList<EmqxSetupStepResult> Steps, string? SubscriptionNote);
