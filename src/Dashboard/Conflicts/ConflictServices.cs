using Dashboard.Core.Conflicts;
using Microsoft.Extensions.Options;

namespace Dashboard.Conflicts;

/// <summary>Registers conflict detection; thresholds come from the <c>Conflicts</c> section.</summary>
internal static class ConflictServices
{
    public const string Section = "Conflicts";

    public static void AddConflictDetection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConflictOptions>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConflictOptions>, ConflictOptionsValidator>();
        services.AddSingleton(sp => new ConflictDetector(sp.GetRequiredService<IOptions<ConflictOptions>>().Value, sp.GetRequiredService<Core.Maintenance.IMaintenanceCalendar>()));
        services.AddSingleton<ConflictService>();
        services.AddSingleton<Ingestion.IAccessFailureObserver>(sp => sp.GetRequiredService<ConflictService>());
        services.AddHostedService<ConflictTicker>();

        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section))
            .Validate(
                o => string.IsNullOrWhiteSpace(o.Url) || Options.HttpUrl.IsHttp(o.Url, out _),
                "Alerts:Url must be an absolute http or https URL.")
            .Validate(o => AlertOptions.IsKnownFormat(o.Format), "Alerts:Format must be json, slack or teams.")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.DashboardUrl) || (Options.HttpUrl.IsHttp(o.DashboardUrl, out var url) && Options.HttpUrl.IsBareBase(url)),
                "Alerts:DashboardUrl must be an absolute http or https URL without user name, query or fragment (the dashboard's public address, for links in alerts).")
            .ValidateOnStart();
        services.AddHttpClient(nameof(FindingAlerts));
        services.AddHostedService<FindingAlerts>();
    }

    /// <summary>The options check their own ranges; this names the key of the one that is wrong.</summary>
    private sealed class ConflictOptionsValidator : IValidateOptions<ConflictOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConflictOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException ex)
            {
                var message = ex.ParamName is { } key ? ex.Message.Replace($" (Parameter '{key}')", string.Empty, StringComparison.Ordinal) : ex.Message;
                return ValidateOptionsResult.Fail($"{Section}:{ex.ParamName ?? "?"}: {message}");
            }
        }
    }
}
