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

// The one escaping helper: every string that ApexCharts writes with innerHTML goes through it.
// Series names, reasons, client IDs and peers are whatever a broker client published.
function escapeHtml(value) {
    return String(value)
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;")
        .replaceAll("'", "&#39;");
}

// The same, letting null and undefined through: ApexCharts reads those as "no value" (it hides
// the tooltip row), which the text "undefined" would not be.
function escapeValue(value) {
    return value === null || value === undefined ? value : escapeHtml(value);
}

// ApexCharts 4.7 writes some text as HTML (innerHTML) and some as SVG text nodes. Only the HTML
// paths are escaped here, each by a formatter of ours (options from .NET carry no functions, so
// these are the only formatters a chart has); the SVG paths (axis labels, data labels, titles,
// annotations, the noData text) show text as it is, and escaping them would show "&lt;".
//   legend text                 legend.formatter            series names (labels for pies)
//   tooltip row name            tooltip.y.title.formatter   series names
//   tooltip row value           tooltip.y.formatter         numbers, after the y axis' own format
//   tooltip title, x axis box   tooltip.x.formatter         category charts and horizontal bars,
//                                                           where the title is an x value (a peer,
//                                                           a category); on a datetime axis the
//                                                           title is a time ApexCharts formats from
//                                                           a number, so no text reaches it
//   tooltip z                   tooltip.z.formatter, .title
// Our own `interop.tooltip` escapes each line itself. HTML-taking options (legend.markers.customHTML,
// goals' names, point annotations' customSVG, toolbar icons) are never given data.
function textFormatters(apex) {
    const tooltip = apex.tooltip ?? {};
    const horizontal = apex.plotOptions?.bar?.horizontal === true;
    const titleIsText = apex.xaxis?.type !== "datetime" || horizontal;
    return {
        legend: { formatter: (name) => escapeHtml(name) },
        tooltip: {
            x: titleIsText ? { formatter: (value) => escapeValue(value) } : {},
            y: {
                formatter: (value, opts) => escapeValue(axisLabel(value, opts)),
                title: { formatter: (name) => (name ? `${escapeHtml(name)}: ` : "") },
            },
            z: {
                formatter: (value) => escapeValue(value),
                ...(tooltip.z?.title !== undefined ? { title: escapeHtml(tooltip.z.title) } : {}),
            },
        },
    };
}

// The y axis' label for a value, as ApexCharts' default tooltip shows it (its number format).
// Pies call tooltip formatters with the chart's context itself rather than with `{ w }`.
function axisLabel(value, opts) {
    const globals = (opts?.w ?? opts)?.globals;
    const format = globals?.yLabelFormatters?.[opts?.seriesIndex] ?? globals?.yLabelFormatters?.[0];
    return typeof format === "function" ? format(value, opts) : value;
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

// Turns the serialisable options into ApexCharts options: drops our `interop` key, adds the
// escaping formatters, fills in named functions, and with a .NET reference reports clicks on a
// data point as the clicked series' name (as sent, unescaped).
function toApexOptions(options, dotnet) {
    const { interop, ...given } = options ?? {};
    const apex = merge(given, textFormatters(given));
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
    // The component's element can leave the page before its first render reaches here (a navigation
    // or an error page replaced it); Blazor then passes null. Nothing to draw on: 0 is no chart, and
    // update and dispose treat it as an unknown handle.
    if (!(element instanceof Element)) {
        return 0;
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
