using System.Globalization;

namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>What an instance shows through its REST API, read whole, for comparing two instances.</summary>
internal static class InstanceViews
{
    private const int PageSize = 1000;

    /// <summary>Every client ID in <paramref name="state"/> (online or offline), page by page, in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> ClientIdsAsync(this DashboardProcess instance, string state)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var result = await instance.GetClientsAsync(
                $"?state={state}&sort=clientId&order=asc&pageSize={PageSize}&page={page.ToString(CultureInfo.InvariantCulture)}");
            ids.AddRange(result!.Items.Select(c => c.ClientId));
            if (result.Items.Count < PageSize || ids.Count >= result.Total)
            {
                break;
            }
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Waits until the instance shows exactly the stream's online and offline sets; a failure names
    /// the first client IDs that differ. Generous: an instance started late catches up from history
    /// and from its session.
    /// </summary>
    public static async Task ShowsFleetAsync(this DashboardProcess instance, FleetEvents stream, string name)
    {
        var online = stream.ExpectedOnline();
        var offline = stream.ExpectedOffline();
        await Eventually.HoldsAsync(
            async () => FleetView.Compare(await instance.ClientIdsAsync("online"), online, await instance.ClientIdsAsync("offline"), offline),
            view => view.Matches,
            $"{name} shows {online.Count} clients online and {offline.Count} offline",
            TimeSpan.FromSeconds(120));
    }

    /// <summary>How far an instance's sets are from the expected ones (what a failure message shows).</summary>
    private sealed record FleetView(int Online, int Offline, string[] OnlineDifferences, string[] OfflineDifferences)
    {
        public bool Matches => OnlineDifferences.Length == 0 && OfflineDifferences.Length == 0;

        public static FleetView Compare(IReadOnlyList<string> online, IReadOnlyList<string> expectedOnline, IReadOnlyList<string> offline, IReadOnlyList<string> expectedOffline) =>
            new(online.Count, offline.Count, Differences(online, expectedOnline), Differences(offline, expectedOffline));

        private static string[] Differences(IReadOnlyList<string> seen, IReadOnlyList<string> expected) =>
        [
            .. seen.Except(expected, StringComparer.Ordinal).Take(5).Select(id => "unexpected " + id),
            .. expected.Except(seen, StringComparer.Ordinal).Take(5).Select(id => "missing " + id),
        ];
    }

    /// <summary>Waits until the instance's export holds every published event, then checks that none is there twice.</summary>
    public static async Task HasCompleteHistoryAsync(this DashboardProcess instance, FleetEvents stream, string name)
    {
        var rows = await Eventually.HoldsAsync(
            instance.ExportAllAsync, r => r.Count >= stream.Published, $"{name}'s export holds all {stream.Published} events", TimeSpan.FromSeconds(120));
        Assert.Equal(stream.Published, rows.Count);
        Assert.Equal(rows.Count, rows.Select(e => (e.ClientId, e.Kind)).Distinct().Count());
        Assert.Equal(stream.Connects, rows.Count(e => e.Kind == "connected"));
    }
}
