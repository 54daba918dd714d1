import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

// Debian's chromium (installed by scripts/setup.sh); `npx playwright install` cannot
// download browsers on these machines. The admin password is random per run.
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(12).toString("hex");
const port = process.env.E2E_PORT ?? "3100";
process.env.E2E_PORT = port;

const chromium = {
  browserName: "chromium" as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // An office PC's screen: every page is checked (and every screenshot taken) at 1366×768.
  use: { baseURL: `http://127.0.0.1:${port}`, locale: "zh-CN", timezoneId: "Asia/Shanghai", trace: "off", viewport: { width: 1366, height: 768 } },
  webServer: {
    command: "bash ../scripts/e2e-server.sh",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
  projects: [
    { name: "hydrated", testMatch: /.*\.hydrated\.spec\.ts/, use: { ...chromium } },
    { name: "no-javascript", testMatch: /.*\.nojs\.spec\.ts/, use: { ...chromium, javaScriptEnabled: false } },
  ],
});
