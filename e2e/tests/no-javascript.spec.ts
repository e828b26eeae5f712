import { DEMO_PASSWORD, expect, test } from "./helpers";

test.use({ javaScriptEnabled: false });

// Every journey works with JavaScript off: forms post, errors come back, pages render.
// (axe needs scripts in the page, so these pages are scanned by the other specs.)
test("with JavaScript off, a team member signs in, fixes a mistake and edits their organisation", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill("team.chile@demo.example");
  await page.getByLabel("Password", { exact: true }).fill("wrong-password-entirely");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "The email address or password is not correct" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("You are signed in.")).toBeVisible();

  await page.goto("/t/opsi");
  await page.getByRole("main").getByRole("link", { name: /Government Laboratory/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Government Laboratory/);
  await page.getByLabel("Website (optional)").fill("not a web address");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("link", { name: /Enter a web address starting with https/ })).toBeVisible();
  await page.getByLabel("Website (optional)").fill("https://www.lab.gob.cl");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("The organisation's details have been saved.")).toBeVisible();
});
