import { DEMO_PASSWORD, expect, expectAccessible, signIn, test } from "./helpers";

function local(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T12:00`;
}

// What a person typing an answer sees (issue 12): the word count follows the typing, leaving
// with unsaved typing asks first, and withdrawing takes a confirmation.
test("the word count is live, unsaved typing is not lost silently, withdrawing asks first", async ({ browser }) => {
  const slug = `forms-${Date.now()}`;
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, "staff@demo.example", DEMO_PASSWORD);
  await staffPage.goto("/t/opsi/p/incubator-2024/calls/new");
  await staffPage.getByLabel("Call for challenges").check();
  await staffPage.getByLabel("Title").fill("Call with a word limit");
  await staffPage.getByLabel("Short name for the web address").fill(slug);
  await staffPage.getByLabel("Opens at").fill(local(-1));
  await staffPage.getByLabel("Closes at").fill(local(30));
  await staffPage.getByRole("button", { name: "Create call" }).click();
  await staffPage.getByLabel("Section").fill("The problem");
  await staffPage.getByLabel("Question", { exact: true }).fill("Who is affected?");
  await staffPage.getByLabel("Kind of answer").selectOption({ label: "Long text" });
  await staffPage.getByLabel("Word limit (long text only)").fill("10");
  await staffPage.getByRole("button", { name: "Add a question" }).click();
  await expect(staffPage.getByText("The question has been added.")).toBeVisible();
  await staff.close();

  const context = await browser.newContext();
  const team = await context.newPage();
  await signIn(team, "team.france@demo.example", DEMO_PASSWORD);
  await team.goto(`/t/opsi/p/incubator-2024/c/${slug}`);
  await team.getByRole("button", { name: "Start an application" }).click();
  await team.getByRole("button", { name: "Start an application" }).click();
  const entry = team.url();
  // The call now offers the draft, not a second start.
  await team.goto(`/t/opsi/p/incubator-2024/c/${slug}`);
  await expect(team.getByRole("button", { name: "Continue your application" })).toBeVisible();
  await team.goto(entry);

  await team.getByRole("link", { name: "The problem" }).click();
  const answer = team.getByLabel("Who is affected?");
  await answer.fill("one two three four five six");
  await expect(team.getByText("You have 4 words remaining")).toBeVisible();
  await answer.fill("one two three four five six seven eight nine ten eleven twelve");
  await expect(team.getByText("You have 2 words too many")).toBeVisible();

  // Leaving by a link with unsaved typing asks first; staying keeps the text.
  let asked = false;
  team.once("dialog", async (dialog) => {
    asked = dialog.type() === "beforeunload";
    await dialog.dismiss();
  });
  await team.getByRole("link", { name: "Back to the task list" }).click();
  await expect.poll(() => asked).toBe(true);
  await expect(answer).toHaveValue(/twelve/);

  // Saving an answer over the limit keeps it and says why at the field.
  await team.getByRole("button", { name: "Save and return to the task list" }).click();
  await expect(team.getByText("some need changing before you can submit")).toBeVisible();
  await expect(team.locator("p.govuk-error-message")).toContainText("10");
  await expect(answer).toHaveValue(/twelve/);
  await expectAccessible(team);
  await answer.fill("Residents of the urban periphery.");
  await team.getByRole("button", { name: "Save and return to the task list" }).click();
  await expect(team.getByText("Your answers have been saved.")).toBeVisible();
  await team.getByRole("link", { name: "About your submission" }).click();
  await team.getByLabel("Title").fill("A short title");
  await team.getByLabel("Summary").fill("A short summary.");
  await team.getByRole("button", { name: "Save and return to the task list" }).click();
  await team.getByRole("button", { name: "Check your answers and submit" }).click();
  await team.getByRole("button", { name: "Submit" }).click();
  await expect(team.getByText("We sent you a receipt by email.")).toBeVisible();

  // Withdrawing is a link to a page that asks; the entry can be reopened while the call is open.
  await team.getByRole("link", { name: "Withdraw this submission" }).click();
  await expect(team.getByRole("heading", { name: "Are you sure you want to withdraw this submission?" })).toBeVisible();
  await expectAccessible(team);
  await team.getByRole("button", { name: "Yes, withdraw it" }).click();
  await expect(team.getByText("Your submission has been withdrawn.")).toBeVisible();
  await team.getByRole("button", { name: "Reopen as a draft" }).click();
  await expect(team.getByText("Your submission is a draft again.")).toBeVisible();
  await expectAccessible(team);
  await context.close();
});

// Phones: every list page fits 360 px without scrolling sideways, with a long unbroken name.
test("list pages fit a 360 px screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await signIn(page, "admin@demo.example", DEMO_PASSWORD);
  for (const path of [
    "/t/opsi/p/incubator-2024/c/challenges/submissions",
    "/t/opsi/organisations",
    "/t/opsi/admin/people",
    "/t/opsi/admin/audit",
    "/t/opsi/p/incubator-2024/c/challenges/questions",
  ]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  }
  // An entry's history too, opened from the list.
  await page.goto("/t/opsi/p/incubator-2024/c/challenges/submissions");
  await page.locator("tbody a").first().click();
  await page.getByRole("link", { name: "History of changes" }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
