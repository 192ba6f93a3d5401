using Dashboard.Core.Live;
using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>
/// Start-up checks of every options section. Each failure names the configuration key, so a bad
/// value stops the app with a message that says what to fix.
/// </summary>
internal sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions o)
    {
        var errors = new ValidationErrors(MqttOptions.Section);
        if (!o.Enabled)
        {
            return errors.Result;
        }

        errors.Require(!string.IsNullOrWhiteSpace(o.Host), "Host", "must name the broker host", o.Host);
        errors.Range("Port", o.Port, 1, 65535);
        errors.Require(!string.IsNullOrWhiteSpace(o.ClientId), "ClientId", "must not be empty", o.ClientId);
        errors.Range("KeepAliveSeconds", o.KeepAliveSeconds, 1, 65535);
        errors.Require(o.ReconnectInitialDelaySeconds > 0, "ReconnectInitialDelaySeconds", "must be above 0", o.ReconnectInitialDelaySeconds);
        errors.Require(
            o.ReconnectMaxDelaySeconds >= o.ReconnectInitialDelaySeconds,
            "ReconnectMaxDelaySeconds",
            "must not be below Mqtt:ReconnectInitialDelaySeconds",
            o.ReconnectMaxDelaySeconds);
        errors.Require(o.Password is null || o.Username is not null, "Password", "is set but Mqtt:Username is not", "***");
        var topics = o.Topics ?? [];
        for (var i = 0; i < topics.Length; i++)
        {
            errors.Require(IsValidTopicFilter(topics[i]), $"Topics:{i}", "is not a valid MQTT topic filter", topics[i]);
        }

        return errors.Result;
    }

    /// <summary>Non-empty; '#' only as the whole last level; '+' only as a whole level.</summary>
    private static bool IsValidTopicFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return false;
        }

        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
            {
                return false;
            }

            if (level.Contains('+') && level != "+")
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions o)
    {
        var errors = new ValidationErrors(IngestOptions.Section);
        errors.Range("MaxPayloadBytes", o.MaxPayloadBytes, 64, 16 * 1024 * 1024);
        errors.Range("ChannelCapacity", o.ChannelCapacity, 1, 10_000_000);
        errors.Range("MaxBatchSize", o.MaxBatchSize, 1, 100_000);
        errors.Range("NotifyIntervalMilliseconds", o.NotifyIntervalMilliseconds, 100, 10_000);
        errors.Range("MaxFieldLength", o.MaxFieldLength, 16, 65_536);
        errors.Require(
            o.MaxClockSkew >= TimeSpan.Zero && o.MaxClockSkew <= TimeSpan.FromDays(1),
            "MaxClockSkew",
            "must be a time span from 00:00:00 to 1.00:00:00, such as 00:05:00",
            o.MaxClockSkew);
        return errors.Result;
    }
}

internal sealed class LiveStateOptionsValidator : IValidateOptions<LiveStateOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveStateOptions o)
    {
        var errors = new ValidationErrors(LiveStateOptions.Section);
        errors.Range("MaxOfflineClients", o.MaxOfflineClients, 0, 10_000_000);
        errors.Require(o.OfflineRetention > TimeSpan.Zero, "OfflineRetention", "must be a positive time span such as 24:00:00", o.OfflineRetention);
        errors.Range("DuplicateWindow", o.DuplicateWindow, 1, 10_000_000);
        errors.Range("ParseFailuresKept", o.ParseFailuresKept, 1, 10_000);
        return errors.Result;
    }
}

internal sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions o)
    {
        var errors = new ValidationErrors(HistoryOptions.Section);
        var provider = o.Provider?.Trim().ToLowerInvariant();
        errors.Require(provider is "sqlite" or "postgres" or "none", "Provider", "must be sqlite, postgres or none", o.Provider);
        errors.Require(
            provider != "postgres" || !string.IsNullOrWhiteSpace(o.ConnectionString),
            "ConnectionString",
            "must be set when History:Provider is postgres (e.g. 'Host=db;Database=dashboard;Username=dashboard')",
            string.Empty);
        errors.Require(
            !string.IsNullOrWhiteSpace(o.DataDirectory) && o.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0,
            "DataDirectory",
            "must be a folder path",
            o.DataDirectory);
        errors.Range("RetentionDays", o.RetentionDays, 1, 3650);
        errors.Range("PruneBatchSize", o.PruneBatchSize, 1, 100_000);
        errors.Range("ReadPoolSize", o.ReadPoolSize, 1, 100);
        errors.Require(
            o.ReadTimeout >= TimeSpan.FromSeconds(1) && o.ReadTimeout <= TimeSpan.FromHours(1),
            "ReadTimeout",
            "must be a time span from 00:00:01 to 01:00:00",
            o.ReadTimeout);
        return errors.Result;
    }
}

/// <summary>Collects failures as "Section:Key must …; got 'value'." lines.</summary>
internal sealed class ValidationErrors(string section)
{
    private readonly List<string> _errors = [];

    public ValidateOptionsResult Result => _errors.Count == 0
        ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail(_errors);

    public void Require(bool condition, string key, string rule, object? value)
    {
        if (!condition)
        {
            _errors.Add($"{section}:{key} {rule}; got '{value}'.");
        }
    }

    public void Range(string key, long value, long min, long max) =>
        Require(value >= min && value <= max, key, $"must be between {min} and {max}", value);
}

internal sealed class DemoOptionsValidator : IValidateOptions<Demo.DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, Demo.DemoOptions o)
    {
        var errors = new ValidationErrors(Demo.DemoOptions.Section);
        if (!o.Enabled)
        {
            return errors.Result;
        }

        errors.Require(System.Net.IPAddress.TryParse(o.BrokerAddress, out _), "BrokerAddress", "must be an IP address such as 127.0.0.1", o.BrokerAddress);
        errors.Range("BrokerPort", o.BrokerPort, 1, 65535);
        errors.Range("FleetSize", o.FleetSize, 0, 100_000);
        errors.Require(!string.IsNullOrWhiteSpace(o.NodeName), "NodeName", "must not be empty", o.NodeName);
        errors.Require(!string.IsNullOrEmpty(o.ForbiddenTopicPrefix), "ForbiddenTopicPrefix", "must not be empty", o.ForbiddenTopicPrefix);
        errors.Range("CredentialsRotationPercent", o.CredentialsRotationPercent, 0, 50);
        errors.Range("CredentialsRotationEverySeconds", o.CredentialsRotationEverySeconds, 2, 86_400);
        errors.Range("CredentialsRotationSeconds", o.CredentialsRotationSeconds, 1, o.CredentialsRotationEverySeconds - 1);
        errors.Range("MassDisconnectPercent", o.MassDisconnectPercent, 0, 50);
        errors.Require(o.MassDisconnectPercent + o.CredentialsRotationPercent <= Demo.DemoOptions.ScheduledPercentCap, "MassDisconnectPercent", $"plus Demo:CredentialsRotationPercent must be at most {Demo.DemoOptions.ScheduledPercentCap} (the fleet's other profiles take the rest)", o.MassDisconnectPercent);
        errors.Range("MassDisconnectEverySeconds", o.MassDisconnectEverySeconds, 2, 86_400);
        errors.Range("MassDisconnectSeconds", o.MassDisconnectSeconds, 1, o.MassDisconnectEverySeconds - 1);
        errors.Range("ApiPort", o.ApiPort, 1, 65535);
        errors.Require(o.ApiPort != o.BrokerPort, "ApiPort", "must differ from Demo:BrokerPort", o.ApiPort);
        errors.Require(!string.IsNullOrWhiteSpace(o.ApiKey) && o.ApiKey.Length <= 256 && !o.ApiKey.Contains(':', StringComparison.Ordinal), "ApiKey", "must be 1 to 256 characters without ':'", o.ApiKey);
        errors.Require(string.IsNullOrEmpty(o.ApiSecret) || o.ApiSecret.Length is >= 8 and <= 256, "ApiSecret", "must be 8 to 256 characters when set (empty picks a random one)", "***");
        return errors.Result;
    }
}

internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new ValidationErrors(WebhookOptions.Section);
        errors.Range("MaxBodyBytes", o.MaxBodyBytes, 1024, 256 * 1024 * 1024);
        errors.Require(
            string.IsNullOrEmpty(o.Secret) || o.Secret.Trim().Length >= WebhookOptions.MinSecretLength,
            "Secret",
            $"must be at least {WebhookOptions.MinSecretLength} characters when set",
            "***");
        errors.Range("FailedSecretsPerMinute", o.FailedSecretsPerMinute, 1, 10_000);
        return errors.Result;
    }
}
