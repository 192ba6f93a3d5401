#!/usr/bin/env bash
# Saves screenshots of the dashboard in demo mode into docs/screenshots/: Overview (light and
# dark), Clients, the app bar's search with suggestions, the drill-down of a client ID conflict,
# Conflicts and Wallboard.
# Runs the app on free 127.0.0.1 ports (web and embedded broker) without sign-in (Auth:Mode none,
# allowed on loopback only), lets the simulated fleet produce
# events for a while, and drives Debian's Chromium (/usr/bin/chromium) headless through the
# Playwright driver that the browser test project's build brings (no browser download).
# Usage: scripts/screenshots.sh [seconds to let the fleet run, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."

warmup="${1:-60}"
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "$chromium is missing: sudo apt-get install chromium" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build tests/Dashboard.BrowserTests --configuration Release --verbosity quiet >/dev/null
playwright_dir="$PWD/tests/Dashboard.BrowserTests/bin/Release/net10.0/.playwright"
node="$playwright_dir/node/linux-x64/node"

work=$(mktemp -d)
app_pid=
cleanup() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$node" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
web_port=$(free_port)
broker_port=$(free_port)
url="http://127.0.0.1:$web_port"

echo "Starting the dashboard in demo mode on $url (broker on $broker_port)…"
# Development: the build output serves its static web assets (MudBlazor, ApexCharts) from the
# build's manifest, as `dotnet run` does; nothing else in the app depends on it.
ASPNETCORE_ENVIRONMENT=Development dotnet src/Dashboard/bin/Release/net10.0/Dashboard.dll \
  --urls "$url" --contentRoot "$PWD/src/Dashboard" \
  --Demo:Enabled true --Demo:BrokerPort "$broker_port" --History:DataDirectory "$work/data" \
  --Auth:Mode none \
  >"$work/app.log" 2>&1 &
app_pid=$!

for _ in $(seq 1 60); do
  curl -fsS "$url/api/ingest/status" >/dev/null 2>&1 && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$url/api/ingest/status" >/dev/null || { echo "the dashboard did not answer" >&2; cat "$work/app.log" >&2; exit 1; }

echo "Letting the simulated fleet run for ${warmup} s…"
sleep "$warmup"

mkdir -p docs/screenshots
cat >"$work/shoot.js" <<'JS'
const { chromium } = require(process.env.PLAYWRIGHT_PACKAGE);
const [url, out, executablePath, home] = process.argv.slice(2);
const args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];

// Opens a page and waits until Blazor's circuit has sent its first render batches.
async function open(context, path) {
  const page = await context.newPage();
  let frames = 0;
  const live = new Promise(resolve => page.on("websocket", ws => {
    if (ws.url().includes("_blazor")) ws.on("framereceived", () => { if (++frames >= 3) resolve(); });
  }));
  await page.goto(url + path);
  await Promise.race([live, new Promise(r => setTimeout(r, 15000))]);
  await page.waitForTimeout(2500); // charts animate in
  return page;
}

async function shot(context, path, name, ready) {
  const page = await open(context, path);
  if (ready) await page.locator(ready).first().waitFor({ timeout: 15000 }).catch(() => console.warn(`${name}: ${ready} not seen`));
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`saved ${out}/${name}.png`);
  return page;
}

(async () => {
  const browser = await chromium.launch({ executablePath, args, env: { ...process.env, HOME: home } });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await shot(context, "/", "overview");
  await shot(context, "/clients", "clients", "[data-testid=client-id]");
  const conflicts = await shot(context, "/conflicts", "conflicts", "[data-testid=finding]");
  const first = conflicts.locator("[data-testid=finding][data-kind] [data-testid=finding-client]");
  let client = "sim-conflict-0001";
  const conflict = conflicts.locator("[data-testid=finding] [data-testid=finding-kind]", { hasText: "Client ID conflict" });
  if (await conflict.count() > 0) {
    client = (await conflict.first().locator("xpath=ancestor::*[@data-testid='finding']").getAttribute("data-client")) || client;
  } else if (await first.count() > 0) {
    client = (await first.first().textContent()).trim();
  }
  await shot(context, "/clients/" + encodeURIComponent(client), "client-conflict-drill-down", "[data-testid=session-chart] svg");
  const wallboard = await context.request.get(url + "/wallboard");
  if (wallboard.ok()) {
    const big = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await shot(big, "/wallboard", "wallboard", "[data-testid=wb-online]");
  }
  // The app bar's search: type part of an ID, the suggestions open under the box.
  const search = await open(context, "/clients");
  await search.getByRole("combobox", { name: "Go to client ID" }).fill("sim-conflict");
  await search.getByRole("option").first().waitFor({ timeout: 15000 }).catch(() => console.warn("search: no suggestions seen"));
  await search.screenshot({ path: `${out}/search.png` });
  console.log(`saved ${out}/search.png`);
  // Dark mode as a browser that chose it with the toggle: the theme cookie is read at prerender.
  const dark = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await dark.addCookies([{ name: "dashboard-theme", value: "dark", url }]);
  await shot(dark, "/", "overview-dark");
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
JS
mkdir -p "$work/home"
PLAYWRIGHT_PACKAGE="$playwright_dir/package" "$node" "$work/shoot.js" "$url" "$PWD/docs/screenshots" "$chromium" "$work/home"
