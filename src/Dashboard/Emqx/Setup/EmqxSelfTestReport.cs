namespace Dashboard.Emqx.Setup;

/// <summary>One step of the self-test: <c>pass</c>, <c>fail</c>, <c>warning</c> or <c>skipped</c>, when (ms after the start), and what it means.</summary>
public sealed record EmqxSelfTestStep(string Name, string Outcome, long ElapsedMs, string Detail);

/// <summary>The self-test's result: passed when no step failed; <see cref="Hint"/> says what a failure usually means.</summary>
public sealed record EmqxSelfTestReport(bool Passed, string ProbeClientId, IReadOnlyList<EmqxSelfTestStep> Steps, string? Hint);
