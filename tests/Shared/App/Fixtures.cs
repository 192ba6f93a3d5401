namespace Dashboard.Tests.Integration.Infrastructure;

/// <summary>The EMQX payload fixtures copied beside the test assembly.</summary>
internal static class Fixtures
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "emqx", name));
}
