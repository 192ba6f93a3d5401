using System.Globalization;
using System.Text;
using Dashboard.Core.History;
using Dashboard.History;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Controls.Lists;

/// <summary>
/// The dead-letter table of the history store on the Diagnostics page: how many, and the newest few.
/// It reads the store again only when <see cref="Version"/> (the count of dead letters written since
/// start) moves, not on every refresh of the page. Nothing is shown while history is off.
/// </summary>
public sealed partial class DeadLetterList : IDisposable
{
    public const int Shown = 5;
    private const int MaxClientIdChars = 200;
    private const int MaxErrorChars = 500;
    private const int MaxPayloadChars = 4000;

    private readonly CancellationTokenSource _disposing = new();
    private DeadLetters _letters = new(0, []);
    private long? _loadedVersion;
    private string? _loadError;

    /// <summary>Changes whenever a dead letter is written (the history status's count of them).</summary>
    [Parameter]
    public long Version { get; set; }

    /// <summary>The page's clock, for the relative times.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; }

    /// <summary>History, or a disabled store when it is off (<c>History:Provider none</c>).</summary>
    [Inject]
    public required IHistoryStore History { get; init; }

    [Inject]
    public required ILogger<DeadLetterList> Logger { get; init; }

    public void Dispose()
    {
        _disposing.Cancel();
        _disposing.Dispose();
    }

    /// <summary>
    /// The text with every control character (U+0000 among them) written as \uXXXX, so that it shows
    /// and cannot disturb the page, cut at <paramref name="maxChars"/> with an ellipsis.
    /// </summary>
    internal static string Escape(string text, int maxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 16);
        foreach (var c in text)
        {
            if (builder.Length >= maxChars)
            {
                return builder.Append('…').ToString();
            }

            if (char.IsControl(c) && c is not ('\n' or '\t'))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!History.IsEnabled || _loadedVersion == Version)
        {
            return;
        }

        _loadedVersion = Version;
        try
        {
            _letters = await History.GetDeadLettersAsync(Shown, _disposing.Token);
            _loadError = null;
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            // The page went away.
        }
        catch (Exception ex)
        {
            // The store is down: say so without its internals; read again when the count moves.
            _loadError = HistoryReadError.Report(Logger, History, ex);
        }
    }
}
