using Dashboard.Core.Groups;
using Microsoft.Extensions.Options;

namespace Dashboard.Groups;

/// <summary>Registers the device groups: configured (validated at start-up) and defined at run time. Register after history: the stored groups load once its store is ready.</summary>
internal static class GroupServices
{
    public static void AddDeviceGroups(this IServiceCollection services)
    {
        services.AddOptions<GroupsOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(GroupsOptions.Section).Bind(options.Entries))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GroupsOptions>, GroupsOptionsValidator>();
        services.AddSingleton<DeviceGroupService>();
        services.AddSingleton<IDeviceGroups>(sp => sp.GetRequiredService<DeviceGroupService>());
        services.AddHostedService(sp => sp.GetRequiredService<DeviceGroupService>());
        services.AddSingleton<GroupStatsService>();
        services.AddSingleton<GroupUptimeService>();
    }
}
