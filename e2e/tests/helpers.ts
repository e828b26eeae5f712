import * as fs from "node:fs";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

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
