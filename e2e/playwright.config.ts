import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

const port = Number(process.env.E2E_PORT ?? 8181);
// A fresh embedded database for every run; the app removes nothing of it, .ci/run does.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `sweetspot-e2e-${Date.now()}`);
// The demo has no mail server: the app writes each email into this folder, where the journeys
// read their links (tests/helpers.ts, linkInMail). Set here so the test workers see the same one.
const mailDir = `${dataDir}-mail`;
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_MAIL_DIR = mailDir;
const binary = process.env.SWEETSPOT_BIN ?? path.join(__dirname, "..", "target", "debug", "sweetspot");

export default defineConfig({
  testDir: "./tests",
  // The Nu HTML Checker over every page the tests loaded (tests/helpers.ts keeps them).
  globalTeardown: "./html-check.ts",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `${binary} serve --demo --bind 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { DATA_DIR: dataDir, ATTACHMENT_STORE: `${dataDir}-attachments`, MAIL_DIR: mailDir, RUST_LOG: "warn" },
  },
});
