using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.BrowserTests;

/// <summary>
/// Runs axe-core (injected from the test output, see the project file) on the page as it is now,
/// and returns the serious and critical violations as readable lines: rule, impact, help, and the
/// first few elements it found.
/// </summary>
internal static class AxeCheck
{
    private static readonly string ScriptPath = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol rather than added as a <script> element: the
        // app's Content-Security-Policy refuses inline scripts, and the pages are checked as they
        // are served, policy included.
        await page.EvaluateAsync(await File.ReadAllTextAsync(ScriptPath));
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replaceAll('\\n', ' ')) }))");
        var lines = new List<string>();
        foreach (var violation in json.EnumerateArray())
        {
            var line = new StringBuilder()
                .Append(violation.GetProperty("id").GetString()).Append(" (").Append(violation.GetProperty("impact").GetString()).Append("): ")
                .Append(violation.GetProperty("help").GetString());
            foreach (var target in violation.GetProperty("targets").EnumerateArray())
            {
                line.Append("\n    ").Append(target.GetString());
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
