import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page, type Response } from "@playwright/test";
import { pagesDir } from "../html-check";

export { expect };

type Capture = { folder: string; origin: string; test: string; pending: Set<Promise<void>> };

/**
 * The specs import `test` from here, not from @playwright/test: every browser context a test opens
 * (the `page` fixture's and each `browser.newContext()`) keeps the HTML of each document it loads
 * from the app, whatever the method or status (a form's 422 page too), as the server sent it.
 */
export const test = base.extend<{ _htmlPagesOfTest: void }, { _htmlPages: Capture }>({
  _htmlPages: [
    async ({ browser }, use, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      if (!baseURL) throw new Error("the HTML capture needs use.baseURL (playwright.config.ts)");
      const capture: Capture = {
        folder: pagesDir(workerInfo.project.outputDir),
        origin: new URL(baseURL).origin,
        test: "",
        pending: new Set(),
      };
      fs.mkdirSync(capture.folder, { recursive: true });
      const watch = (context: BrowserContext) => watchContext(context, capture);
      browser.contexts().forEach(watch);
      browser.on("context", watch);
      await use(capture);
      browser.off("context", watch);
      await Promise.allSettled([...capture.pending]);
    },
    { scope: "worker", auto: true },
  ],
  _htmlPagesOfTest: [
    async ({ _htmlPages }, use, testInfo) => {
      _htmlPages.test = testInfo.titlePath.join(" › ");
      await use();
      await Promise.allSettled([..._htmlPages.pending]);
    },
    { auto: true },
  ],
});

const watched = new WeakSet<BrowserContext>();

function watchContext(context: BrowserContext, capture: Capture) {
  if (watched.has(context)) return;
  watched.add(context);
  const mine = new Set<Promise<void>>();
  context.on("response", (response) => {
    const test = capture.test;
    const job = keepPage(response, capture.folder, capture.origin, test).catch((error) => {
      // A page whose body could not be read is not checked: html-check.ts lists it.
      const line = JSON.stringify({ url: response.url(), test, error: String(error?.message ?? error).split("\n")[0] });
      fs.appendFileSync(path.join(capture.folder, "unread.jsonl"), line + "\n");
    });
    mine.add(job);
    capture.pending.add(job);
    void job.finally(() => {
      mine.delete(job);
      capture.pending.delete(job);
    });
  });
  // A test may close its context right after a page loads: its body is read first.
  const close = context.close.bind(context);
  context.close = async (options?: { reason?: string }) => {
    await Promise.allSettled([...mine]);
    return close(options);
  };
}

async function keepPage(response: Response, folder: string, origin: string, test: string) {
  const request = response.request();
  if (!request.isNavigationRequest()) return;
  const url = new URL(response.url());
  if (url.origin !== origin) return;
  const status = response.status();
  // A redirect has no body to read; the page it leads to is its own response.
  if ((status >= 300 && status < 400) || status === 204) return;
  if (!/^text\/html\b/i.test(response.headers()["content-type"] ?? "")) return;
  const body = await response.body();
  const hash = crypto.createHash("sha256").update(body).digest("hex").slice(0, 12);
  const slug =
    `${url.pathname}${url.search}`
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 100) || "index";
  const name = `${slug}${status === 200 ? "" : `.${status}`}.${hash}`;
  const file = path.join(folder, `${name}.html`);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${name}.json`), JSON.stringify({ url: url.href, method: request.method(), status, test }));
  fs.writeFileSync(file, body);
}

/** Every page a journey visits is scanned: no serious or critical WCAG 2.2 AA violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `accessibility of ${page.url()}`,
  ).toEqual([]);
}

export const DEMO_PASSWORD = "sweetspot-demo-2024";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("You are signed in.")).toBeVisible();
}

/**
 * The first link matching `pattern` in the newest email to `to`, as its recipient reads it: the
 * demo has no mail server, so the app writes each email into MAIL_DIR as an `.eml` file (the
 * outbox page never shows a private link). Waits for the delivery worker (it polls every 5 s).
 */
export async function linkInMail(to: string, pattern: RegExp): Promise<string> {
  const folder = process.env.E2E_MAIL_DIR;
  if (!folder) throw new Error("E2E_MAIL_DIR is not set (playwright.config.ts sets it)");
  for (let attempt = 0; attempt < 60; attempt++) {
    const messages = fs.existsSync(folder)
      ? fs.readdirSync(folder).filter((name) => name.endsWith(".eml")).map((name) => path.join(folder, name))
      : [];
    const mine = messages
      .map((file) => ({ file, text: fs.readFileSync(file, "utf8"), at: fs.statSync(file).mtimeMs }))
      .filter((message) => message.text.split(/\r?\n/).some((line) => line.toLowerCase() === `to: ${to}`.toLowerCase()))
      .sort((a, b) => b.at - a.at);
    for (const message of mine) {
      // Quoted-printable bodies fold long lines with "=" and escape "=" itself as "=3D".
      const body = /content-transfer-encoding: quoted-printable/i.test(message.text)
        ? message.text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
        : message.text;
      const link = body.match(pattern)?.[0];
      if (link) return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no email to ${to} with a link matching ${pattern} in ${folder}`);
}
