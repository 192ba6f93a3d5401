// What the dashboard remembers per browser, in cookies so that the server's prerender already
// uses it (the first paint is in the chosen theme and the viewer's time zone, with no flash).
// Read on the server by Components/Controls/ViewerSettings.cs.

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

// The browser's IANA time zone, e.g. "Europe/Berlin"; null if the browser does not say.
export function timeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
    } catch {
        return null;
    }
}

export function remember(name, value) {
    document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
}
