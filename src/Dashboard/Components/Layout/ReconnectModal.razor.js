// The quiet reconnection badge (ReconnectModal.razor). Blazor retries on its own first (the
// "show"/"retrying" states, with its own backoff). When it gives up ("failed") we keep trying
// every RETRY_MS for as long as it takes: a wallboard on a wall has nobody to press "Retry".
// When the server answers but no longer knows the circuit (it restarted: "rejected", or a resume
// that fails), the page reloads by itself, after a short delay and only once the server
// answers a plain request, so a reload never lands on the browser's own error page.
const RETRY_MS = 5000;
const RELOAD_DELAY_MS = 2000;

const badge = document.getElementById("components-reconnect-modal");
badge.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

let retryTimer = null;
let reloading = false;

function handleReconnectStateChanged(event) {
    switch (event.detail.state) {
        case "hide":
            stopRetrying();
            break;
        case "failed":
            scheduleRetry();
            break;
        case "rejected":
            reloadWhenServerAnswers();
            break;
        case "paused":
            // The server paused the circuit (e.g. to save memory): resume at once, nobody is there to click.
            resume();
            break;
        case "resume-failed":
            reloadWhenServerAnswers();
            break;
        default:
            break;
    }
}

function scheduleRetry() {
    if (reloading) {
        return;
    }

    clearTimeout(retryTimer);
    retryTimer = setTimeout(retry, RETRY_MS);
}

function stopRetrying() {
    clearTimeout(retryTimer);
    retryTimer = null;
}

async function retry() {
    retryTimer = null;
    try {
        // true: reconnected; false: the server answered but the circuit is gone; throws: unreachable.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumed = await Blazor.resumeCircuit();
            if (!resumed) {
                reloadWhenServerAnswers();
            }
        }
    } catch {
        scheduleRetry();
    }
}

async function resume() {
    try {
        const resumed = await Blazor.resumeCircuit();
        if (!resumed) {
            reloadWhenServerAnswers();
        }
    } catch {
        scheduleRetry();
    }
}

function reloadWhenServerAnswers() {
    if (reloading) {
        return;
    }

    reloading = true;
    stopRetrying();
    badge.setAttribute("data-reloading", "");
    setTimeout(tryReload, RELOAD_DELAY_MS);
}

async function tryReload() {
    try {
        // Any answer from the app will do (a HEAD to a page is a 405 here); a proxy's 502/503 is not one.
        const response = await fetch(location.href, { method: "HEAD", cache: "no-store" });
        if (response.status < 500) {
            location.reload();
            return;
        }
    } catch {
        // Not up yet.
    }

    setTimeout(tryReload, RETRY_MS);
}

// A tab that was in the background (or a screen that slept) tries at once when seen again.
document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && retryTimer !== null) {
        stopRetrying();
        retry();
    }
});
