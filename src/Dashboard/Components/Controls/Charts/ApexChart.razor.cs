using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Components.Controls.Charts;

/// <summary>
/// One ApexCharts chart. Created once after the first render; later parameter changes update it in
/// place (new series, and new options only when they changed), at most once per
/// <see cref="UpdateInterval"/>: changes that come faster fold into one update with the latest
/// values, so a live page redrawing every notification never floods the circuit. Parameters that
/// serialise to the same JSON as the last ones sent cost nothing (pages re-render every second).
/// </summary>
public sealed partial class ApexChart
{
    /// <summary>The interop module, relative to the base href; FrontEnd.targets puts it there.</summary>
    internal const string ModulePath = "./lib/charts.js";

    internal static readonly TimeSpan UpdateInterval = TimeSpan.FromMilliseconds(200);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // ApexCharts treats an explicit null differently from a missing option (often as an error).
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly CancellationTokenSource _disposing = new();
    private ElementReference _element;
    private IJSObjectReference? _module;
    private int? _handle;
    private Task? _creating;
    private object? _lastOptions;
    private object? _lastSeries;
    private int _lastHeight;
    private JsonObject _options = [];
    private JsonNode _series = new JsonArray();
    private string _optionsJson = string.Empty;
    private string _seriesJson = string.Empty;
    private string? _sentOptionsJson;
    private string? _sentSeriesJson;
    private DateTimeOffset _sentAt;
    private bool _pumping;
    private bool _disposed;
    private DotNetObjectReference<ApexChart>? _self;

    /// <summary>
    /// ApexCharts options without the series: any object that serialises to them (camelCase, nulls
    /// left out), a <see cref="JsonNode"/>, or a JSON string. Functions cannot be passed; charts.js
    /// offers named ones under the extra key <c>interop</c> (e.g. <c>interop.tooltip = "details"</c>).
    /// </summary>
    [Parameter]
    public object? Options { get; set; }

    /// <summary>
    /// The series, as ApexCharts takes them (serialised like <see cref="Options"/>). Pass a new
    /// instance to change them: the same instance as last time is taken as unchanged (so is
    /// <see cref="Options"/>).
    /// </summary>
    [Parameter]
    public object? Series { get; set; }

    /// <summary>Height in CSS pixels; also reserved before the chart draws so the page does not jump.</summary>
    [Parameter]
    public int Height { get; set; } = 300;

    /// <summary>The chart's text alternative: what it shows, in words.</summary>
    [Parameter, EditorRequired]
    public required string Label { get; set; }

    [Parameter]
    public string? Class { get; set; }

    /// <summary>Called with the series' name when a data point (a bar, a point) is clicked; set before the first render.</summary>
    [Parameter]
    public EventCallback<string> OnSeriesClick { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnParametersSet()
    {
        // Pages re-render every second for their relative times: the same instances as last time
        // are taken as unchanged, so a large series is not serialised again for nothing.
        if (ReferenceEquals(Options, _lastOptions) && ReferenceEquals(Series, _lastSeries) && Height == _lastHeight && _optionsJson.Length > 0)
        {
            return;
        }

        (_lastOptions, _lastSeries, _lastHeight) = (Options, Series, Height);
        _options = ToJsonObject(Options);
        var chart = _options["chart"] as JsonObject ?? [];
        chart["height"] = Height;
        _options["chart"] = chart;
        _options.Remove("series");
        _series = JsonSerializer.SerializeToNode(Series ?? Array.Empty<object>(), Series?.GetType() ?? typeof(object[]), Json) ?? new JsonArray();
        _optionsJson = _options.ToJsonString();
        _seriesJson = _series.ToJsonString();
        RequestUpdate();
    }

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _creating = CreateAsync();
            return _creating;
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _disposing.CancelAsync();
        if (_creating is not null)
        {
            // Let a create in flight finish, so that its chart is destroyed below rather than left behind.
            try
            {
                await _creating;
            }
            catch (Exception)
            {
                // Already reported through the render that started it.
            }
        }

        await DisposeChartAsync();
        _self?.Dispose();
        _disposing.Dispose();
    }

    /// <summary>From charts.js: a data point of the series named <paramref name="seriesName"/> was clicked.</summary>
    [JSInvokable("OnSeriesClick")]
    public Task OnSeriesClickAsync(string seriesName) => _disposed ? Task.CompletedTask : OnSeriesClick.InvokeAsync(seriesName);

    /// <summary>Imports the module and draws the chart with the latest parameters. Not cancelled: see <see cref="DisposeAsync"/>.</summary>
    private async Task CreateAsync()
    {
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            var createOptions = (JsonObject)_options.DeepClone();
            createOptions["series"] = _series.DeepClone();
            var (optionsJson, seriesJson) = (_optionsJson, _seriesJson);
            var handle = OnSeriesClick.HasDelegate
                ? await _module.InvokeAsync<int>("create", _element, createOptions, _self = DotNetObjectReference.Create(this))
                : await _module.InvokeAsync<int>("create", _element, createOptions);
            (_handle, _sentOptionsJson, _sentSeriesJson, _sentAt) = (handle, optionsJson, seriesJson, Time.GetUtcNow());
        }
        catch (JSDisconnectedException)
        {
            // The circuit closed before the chart was drawn: nothing to draw on, nothing to clean up.
            return;
        }

        // Parameters may have changed while the chart was being created.
        RequestUpdate();
    }

    private bool HasChanges => _optionsJson != _sentOptionsJson || _seriesJson != _sentSeriesJson;

    /// <summary>Starts the update loop unless it is running (it will pick up the latest values) or nothing changed.</summary>
    private void RequestUpdate()
    {
        if (_handle is null || _pumping || _disposed || !HasChanges)
        {
            return;
        }

        _pumping = true;
        _ = PumpUpdatesAsync();
    }

    /// <summary>Sends the latest values, waiting out the interval since the last send, until nothing is left to send.</summary>
    private async Task PumpUpdatesAsync()
    {
        try
        {
            while (!_disposed && HasChanges && _module is not null && _handle is { } handle)
            {
                var wait = _sentAt + UpdateInterval - Time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, Time, _disposing.Token);
                }

                var sendOptions = _optionsJson != _sentOptionsJson;
                var (optionsJson, seriesJson) = (_optionsJson, _seriesJson);
                _sentAt = Time.GetUtcNow();
                await _module.InvokeAsync<bool>("update", _disposing.Token, handle, _series, sendOptions ? _options : null);
                (_sentOptionsJson, _sentSeriesJson) = (optionsJson, seriesJson);
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException || (ex is OperationCanceledException && _disposed))
        {
            // Disposed mid-update: nothing left to draw on.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
        finally
        {
            _pumping = false;
        }
    }

    private async Task DisposeChartAsync()
    {
        var (module, handle) = (_module, _handle);
        (_module, _handle) = (null, null);
        if (module is null)
        {
            return;
        }

        try
        {
            if (handle is { } h)
            {
                await module.InvokeVoidAsync("dispose", h);
            }

            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the browser's page with it: the chart went with the DOM.
        }
    }

    /// <summary>Options as a JSON object, whatever form they were given in.</summary>
    internal static JsonObject ToJsonObject(object? value) => value switch
    {
        null => [],
        string json => JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("Chart options must be a JSON object.", nameof(value)),
        JsonNode node => node.DeepClone() as JsonObject ?? throw new ArgumentException("Chart options must be a JSON object.", nameof(value)),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Json) as JsonObject
            ?? throw new ArgumentException("Chart options must serialise to a JSON object.", nameof(value)),
    };
}
