using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>Start-up checks of the <c>Emqx</c> section; each message names its key and never echoes the secret.</summary>
internal sealed class EmqxOptionsValidator : IValidateOptions<EmqxOptions>
{
    public ValidateOptionsResult Validate(string? name, EmqxOptions o)
    {
        var errors = new ValidationErrors(EmqxOptions.Section);
        if (!o.IsOn)
        {
            return errors.Result;
        }

        var isUrl = HttpUrl.IsHttp(o.ApiUrl, out var url) && HttpUrl.IsBareBase(url);

        // A URL with user:password in it is not echoed: the error goes to the console and the logs.
        var shown = url is not null && !string.IsNullOrEmpty(url.UserInfo) ? "(a URL with credentials, not shown)" : o.ApiUrl;
        errors.Require(isUrl, "ApiUrl", "must be an absolute http(s) URL with no credentials, query or fragment, e.g. http://emqx:18083", shown);
        errors.Require(!string.IsNullOrWhiteSpace(o.ApiKey), "ApiKey", "must be set when Emqx:ApiUrl is (an EMQX API key)", o.ApiKey);
        errors.Require(!string.IsNullOrWhiteSpace(o.ApiSecret), "ApiSecret", "must be set when Emqx:ApiUrl is (the API key's secret)", "***");
        errors.Require(o.ApiKey is null || !o.ApiKey.Contains(':', StringComparison.Ordinal), "ApiKey", "must not contain ':' (HTTP Basic separates key and secret with it)", o.ApiKey);
        errors.Require(o.ReconcileInterval == TimeSpan.Zero || o.ReconcileInterval >= TimeSpan.FromSeconds(10), "ReconcileInterval", "must be 00:00:00 (off) or at least 00:00:10", o.ReconcileInterval);
        errors.Range("PageSize", o.PageSize, 1, EmqxOptions.MaxPageSize);
        errors.Require(o.QueuePollInterval >= TimeSpan.FromSeconds(1), "QueuePollInterval", "must be at least 00:00:01", o.QueuePollInterval);
        errors.Require(o.RequestTimeout >= TimeSpan.FromSeconds(1) && o.RequestTimeout <= TimeSpan.FromMinutes(10), "RequestTimeout", "must be between 00:00:01 and 00:10:00", o.RequestTimeout);
        return errors.Result;
    }
}
