// Blazor's JS interop for ApexCharts: create, update in place, dispose, by handle.
// ApexCharts itself is loaded as a classic script (window.ApexCharts) by App.razor, before this
// module is imported. Charts are kept here by a numeric handle so .NET never holds a JS object
// reference per chart, and a disposed or unknown handle is a no-op (a circuit can go away mid-call).

const charts = new Map();
let nextHandle = 1;

// Functions cannot cross the interop boundary, so options name them: `interop.tooltip: "details"`
// shows the hovered data point's `details` (an array of text lines) as the tooltip.
const tooltips = {
    details: ({ seriesIndex, dataPointIndex, w }) => {
        const point = w.config.series[seriesIndex]?.data?.[dataPointIndex];
        const lines = Array.isArray(point?.details) ? point.details : [];
        const body = lines.map((line, i) => `<div class="${i === 0 ? "dashboard-chart-tooltip-title" : ""}">${escapeHtml(line)}</div>`).join("");
        return `<div class="dashboard-chart-tooltip">${body}</div>`;
    },
};

function escapeHtml(value) {
    return String(value)
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;");
}

// Follows MudBlazor's palette (CSS variables on the page), so a chart matches dark and light mode.
function pageTheme(element) {
    const style = getComputedStyle(element);
    const color = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    const surface = color("--mud-palette-surface", "#ffffff");
    return {
        mode: isDark(surface) ? "dark" : "light",
        foreColor: color("--mud-palette-text-secondary", "#555"),
        gridColor: color("--mud-palette-lines-default", "#e0e0e0"),
    };
}

function isDark(cssColor) {
    const probe = document.createElement("span");
    probe.style.color = cssColor;
    document.body.appendChild(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g)?.map(Number) ?? [255, 255, 255];
    probe.remove();
    return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) < 128;
}

function themeOptions(theme) {
    return {
        chart: { foreColor: theme.foreColor, background: "transparent" },
        theme: { mode: theme.mode },
        tooltip: { theme: theme.mode },
        grid: { borderColor: theme.gridColor },
    };
}

// Turns the serialisable options into ApexCharts options: drops our `interop` key, fills in named
// functions, and with a .NET reference reports clicks on a data point as the clicked series' name.
function toApexOptions(options, dotnet) {
    const { interop, ...apex } = options ?? {};
    if (interop?.tooltip && tooltips[interop.tooltip]) {
        apex.tooltip = { ...(apex.tooltip ?? {}), custom: tooltips[interop.tooltip] };
    }
    if (dotnet) {
        const events = { ...(apex.chart?.events ?? {}) };
        events.dataPointSelection = (_event, _context, { seriesIndex, w }) => {
            const name = w.config.series[seriesIndex]?.name;
            if (name !== undefined) {
                dotnet.invokeMethodAsync("OnSeriesClick", name).catch(() => { });
            }
        };
        apex.chart = { ...(apex.chart ?? {}), events };
    }
    return apex;
}

function merge(target, source) {
    for (const [key, value] of Object.entries(source)) {
        const isObject = value && typeof value === "object" && !Array.isArray(value);
        target[key] = isObject && target[key] && typeof target[key] === "object"
            ? merge({ ...target[key] }, value)
            : value;
    }
    return target;
}

// Creates a chart in `element` and returns its handle. `options` holds everything ApexCharts
// takes (series included); the page's theme is applied under the caller's own choices.
// `dotnet` (optional) receives OnSeriesClick(seriesName) when a data point is clicked.
export async function create(element, options, dotnet) {
    if (typeof window.ApexCharts !== "function") {
        throw new Error("ApexCharts is not loaded: App.razor must load lib/apexcharts.min.js before charts.js is used.");
    }
    const theme = pageTheme(element);
    const chart = new window.ApexCharts(element, merge(themeOptions(theme), toApexOptions(options, dotnet)));
    const handle = nextHandle++;
    charts.set(handle, { chart, theme, dotnet });
    watchTheme();
    await chart.render();
    return handle;
}

// Updates a chart in place: new series, and new options when given (no re-creation, no flicker).
// Returns false when the handle is unknown (already disposed).
export async function update(handle, series, options) {
    const entry = charts.get(handle);
    if (!entry) {
        return false;
    }
    if (options) {
        entry.theme = pageTheme(entry.chart.el);
        await entry.chart.updateOptions(merge(themeOptions(entry.theme), toApexOptions(options, entry.dotnet)), false, false, false);
    }
    await entry.chart.updateSeries(series ?? [], false);
    return true;
}

export function dispose(handle) {
    const entry = charts.get(handle);
    if (entry) {
        charts.delete(handle);
        entry.chart.destroy();
    }
    if (charts.size === 0) {
        clearInterval(themeTimer);
        themeTimer = undefined;
    }
}

// The dark/light switch changes MudBlazor's CSS variables without telling the charts: look once a
// second (one style read) while any chart exists, and restyle the charts when the palette changed.
let themeTimer;
let lastSurface;

function watchTheme() {
    if (themeTimer !== undefined) {
        return;
    }
    lastSurface = surfaceColor();
    themeTimer = setInterval(() => {
        const surface = surfaceColor();
        if (surface === lastSurface) {
            return;
        }
        lastSurface = surface;
        for (const entry of charts.values()) {
            entry.theme = pageTheme(entry.chart.el);
            entry.chart.updateOptions(themeOptions(entry.theme), false, false, false);
        }
    }, 1000);
}

function surfaceColor() {
    return getComputedStyle(document.documentElement).getPropertyValue("--mud-palette-surface").trim();
}
