using Dashboard.Core.History;
using Dashboard.History;
using Dashboard.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Dashboard.Hosting;

/// <summary>
/// Where ASP.NET Core keeps the keys that sign sign-in cookies (the wallboard's lasts a year) and
/// antiforgery tokens. By default they are files in <c>$HOME/.aspnet</c>, which a container loses on
/// restart, signing everyone out, and which a second instance cannot read. So they follow history:
/// with PostgreSQL, a table every instance shares (<see cref="PostgresKeyRepository"/>); with SQLite,
/// files in <c>History:DataDirectory/keys</c>, next to the database; with history off, as before.
/// The application name is fixed, so instances in different folders or images share the keys.
/// Keys are not encrypted at rest beyond what the database or volume gives (see the README).
/// </summary>
internal static class DataProtectionKeys
{
    public const string ApplicationName = "connection-dashboard";
    public const string KeysFolder = "keys";

    /// <summary>
    /// Call after <c>AddHistory</c> and before anything else calls <c>AddDataProtection</c>: the first
    /// call registers the hosted service that reads the key ring at start-up, and it must start after
    /// history's, which creates the table (SharedKeyRingTests checks that no error is logged).
    /// </summary>
    public static void AddDashboardDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);

        // After AddDataProtection's own set-up, which fills in the default only when none is set.
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            if (sp.GetRequiredService<IHistoryStore>() is PostgresHistoryStore postgres)
            {
                options.XmlRepository = postgres.KeyRepository;
            }
            else if (sp.GetRequiredService<IHistoryStore>().IsEnabled)
            {
                var history = sp.GetRequiredService<IOptions<HistoryOptions>>().Value;
                var directory = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, history.DataDirectory, KeysFolder);
                options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(directory), sp.GetRequiredService<ILoggerFactory>());
            }
        });
    }
}
