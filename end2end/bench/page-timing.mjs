// Times the candidate's exam page until it is interactive, in headless Chromium, on
// loopback and with the network throttled (Chrome DevTools' own throttling), each run in a
// new browser context: nothing cached. Run by scripts/bench-page.sh, by hand; never a test.
//
//   node end2end/bench/page-timing.mjs --base http://127.0.0.1:3000 --ticket T --code C \
//     [--runs 5] [--mbit 20] [--latency-ms 5] [--json]
//
// "Interactive" is the later of two marks the app sets, each recorded by a MutationObserver
// installed before the page's own scripts: the body's `data-hydrated="true"` (set by
// `hydrate()` in app/src/lib.rs once `hydrate_body` has attached every handler) and the
// answer sheet's `data-hydrated="true"` (the exam's sync is live: answers are taken and
// saved). Both are measured from the navigation's start (performance.timeOrigin), so the
// time includes the HTML, the stylesheet, the JavaScript, the wasm download, its compilation
// and hydration. Beside it the script prints where that time went.
import { chromium } from "playwright-core";

function args() {
  const out = { runs: 5, mbit: 20, latencyMs: 5, json: false };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    switch (key) {
      case "--base": out.base = value; i++; break;
      case "--ticket": out.ticket = value; i++; break;
      case "--code": out.code = value; i++; break;
      case "--runs": out.runs = Number(value); i++; break;
      case "--mbit": out.mbit = Number(value); i++; break;
      case "--latency-ms": out.latencyMs = Number(value); i++; break;
      case "--json": out.json = true; break;
      default: throw new Error(`unknown argument ${key}`);
    }
  }
  if (!out.base || !out.ticket || !out.code) throw new Error("--base, --ticket and --code are required");
  if (!(out.runs >= 1 && out.runs <= 50)) throw new Error("--runs must be 1 to 50");
  return out;
}

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
};
const VIEWPORT = { width: 1366, height: 768 };

// Installed before any of the page's scripts: notes when each hydration mark appears.
const OBSERVER = () => {
  window.__rqMarks = {};
  const note = () => {
    const marks = window.__rqMarks;
    if (marks.body === undefined && document.body?.getAttribute("data-hydrated") === "true") marks.body = performance.now();
    const sheet = document.querySelector('[data-testid="answer-sheet"]');
    if (marks.sheet === undefined && sheet?.getAttribute("data-hydrated") === "true") marks.sheet = performance.now();
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-hydrated"] });
};

/** Logs the candidate in (once) and starts their paper if it is not started: returns the
 * browser state (the session cookie) every timed run reuses. */
async function signIn(browser, o) {
  const context = await browser.newContext({ baseURL: o.base, locale: "zh-CN", viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto("/exam/login");
  await page.locator("body[data-hydrated=true]").waitFor({ timeout: 60_000 });
  await page.getByLabel("准考证号或身份证号").fill(o.ticket);
  await page.getByLabel("访问码").fill(o.code);
  await page.getByRole("button", { name: "进入考试" }).click();
  await page.waitForURL(/\/exam$/, { timeout: 60_000 });
  const start = page.getByTestId("start-exam");
  const sheet = page.locator('[data-testid="answer-sheet"][data-hydrated="true"]');
  await Promise.race([start.waitFor({ timeout: 60_000 }), sheet.waitFor({ timeout: 60_000 })]);
  if (await start.isVisible()) {
    await page.locator("body[data-hydrated=true]").waitFor({ timeout: 60_000 });
    await start.click();
    await sheet.waitFor({ timeout: 60_000 });
  }
  const state = await context.storageState();
  await context.close();
  return state;
}

/** One cold load of /exam; `throttle` is null for the plain loopback. */
async function timeOnce(browser, o, state, throttle) {
  const context = await browser.newContext({ baseURL: o.base, locale: "zh-CN", viewport: VIEWPORT, storageState: state });
  await context.addInitScript(OBSERVER);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (throttle) await cdp.send("Network.emulateNetworkConditions", throttle);
  await page.goto("/exam", { waitUntil: "commit" });
  await page.waitForFunction(() => window.__rqMarks?.body !== undefined && window.__rqMarks?.sheet !== undefined, null, { timeout: 120_000, polling: 50 });
  const result = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const resources = performance.getEntriesByType("resource").filter((r) => r.name.includes("/pkg/"));
    const pick = (suffix) => resources.find((r) => r.name.endsWith(suffix));
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const res = (r) => r && { end: r.responseEnd, bytes: r.transferSize, decoded: r.decodedBodySize };
    return {
      interactive: Math.max(window.__rqMarks.body, window.__rqMarks.sheet),
      bodyHydrated: window.__rqMarks.body,
      sheetLive: window.__rqMarks.sheet,
      html: { end: nav.responseEnd, ttfb: nav.responseStart, bytes: nav.transferSize },
      firstPaint: paint?.startTime,
      js: res(pick(".js")),
      wasm: res(pick(".wasm")),
      css: res(pick(".css")),
    };
  });
  await context.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x === undefined ? "–" : `${Math.round(x)} ms`);

async function main() {
  const o = args();
  const browser = await chromium.launch(LAUNCH);
  try {
    const state = await signIn(browser, o);
    const bytesPerSecond = (o.mbit * 1e6) / 8;
    const profiles = [
      { label: "loopback", throttle: null },
      {
        label: `${o.mbit} Mbit/s`,
        throttle: { offline: false, latency: o.latencyMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond },
      },
    ];
    // One untimed load first: the server's first render and Chromium's own start-up.
    await timeOnce(browser, o, state, null);
    const report = [];
    for (const p of profiles) {
      const runs = [];
      for (let i = 0; i < o.runs; i++) runs.push(await timeOnce(browser, o, state, p.throttle));
      const m = (f) => median(runs.map(f).filter((x) => x !== undefined));
      report.push({
        profile: p.label,
        runs: runs.map((r) => Math.round(r.interactive)),
        interactive: m((r) => r.interactive),
        html: m((r) => r.html.end),
        firstPaint: m((r) => r.firstPaint),
        js: m((r) => r.js?.end),
        wasm: m((r) => r.wasm?.end),
        wasmBytes: runs[0].wasm?.bytes,
        jsBytes: runs[0].js?.bytes,
        cssBytes: runs[0].css?.bytes,
        htmlBytes: runs[0].html.bytes,
      });
    }
    if (o.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    for (const r of report) {
      const throttled = r.profile === "loopback" ? "" : ` (latency ${o.latencyMs} ms)`;
      console.log(
        `| time to interactive, ${r.profile}${throttled} | ${ms(r.interactive)} median of ${r.runs.length} (${r.runs.join(", ")} ms); ` +
          `HTML done ${ms(r.html)}, first paint ${ms(r.firstPaint)}, JS done ${ms(r.js)}, wasm done ${ms(r.wasm)}; ` +
          `transferred: wasm ${r.wasmBytes} B, JS ${r.jsBytes} B, CSS ${r.cssBytes} B, HTML ${r.htmlBytes} B |`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
