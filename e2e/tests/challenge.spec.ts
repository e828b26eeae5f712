import * as fs from "node:fs";
import { DEMO_PASSWORD, expect, expectAccessible, signIn, test } from "./helpers";

function local(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  // The demo programme's zone is Europe/Paris; a day's margin either way makes the zone moot.
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T12:00`;
}

// Staff open a call; a team fills a challenge across two sessions, submits it and gets a receipt;
// staff find it in the list with a filter and open it.
test("a challenge is drafted over two sessions, submitted, and found by staff", async ({ browser }) => {
  const slug = `e2e-${Date.now()}`;
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, "staff@demo.example", DEMO_PASSWORD);
  await staffPage.goto("/t/opsi/p/incubator-2024");
  await expectAccessible(staffPage);
  await staffPage.getByRole("link", { name: "Open a call" }).click();
  await expectAccessible(staffPage);
  await staffPage.getByLabel("Call for challenges").check();
  await staffPage.getByLabel("Title").fill("Call for challenges 2025");
  await staffPage.getByLabel("Short name for the web address").fill(slug);
  await staffPage.getByLabel("Opens at").fill(local(-1));
  await staffPage.getByLabel("Closes at").fill(local(30));
  await staffPage.getByRole("button", { name: "Create call" }).click();
  await expect(staffPage.getByText("The call has been created.")).toBeVisible();
  await expectAccessible(staffPage);
  await staffPage.getByLabel("Section").fill("The problem");
  await staffPage.getByLabel("Question", { exact: true }).fill("Who is affected?");
  await staffPage.getByLabel("Kind of answer").selectOption({ label: "Long text" });
  await staffPage.getByLabel("An answer is required").check();
  await staffPage.getByLabel("Word limit (long text only)").fill("50");
  await staffPage.getByRole("button", { name: "Add a question" }).click();
  await expect(staffPage.getByText("The question has been added.")).toBeVisible();
  await staffPage.getByLabel("Section").fill("Documents");
  await staffPage.getByLabel("Question", { exact: true }).fill("Project plan");
  await staffPage.getByLabel("Kind of answer").selectOption({ label: "File attachment" });
  await staffPage.getByRole("button", { name: "Add a question" }).click();
  await expect(staffPage.getByText("The question has been added.")).toBeVisible();

  // First session: start and fill the first part.
  const first = await browser.newContext();
  const team = await first.newPage();
  await signIn(team, "team.brazil@demo.example", DEMO_PASSWORD);
  await team.goto(`/t/opsi/p/incubator-2024/c/${slug}`);
  await expectAccessible(team);
  await team.getByRole("button", { name: "Start an application" }).click();
  await expectAccessible(team);
  await team.getByRole("button", { name: "Start an application" }).click();
  await expect(team.getByText("Your application has been started.")).toBeVisible();
  await expectAccessible(team);
  const submissionUrl = team.url();
  await team.getByRole("link", { name: "About your submission" }).click();
  await team.getByLabel("Title").fill("Participation beyond the city centre");
  await team.getByLabel("Summary").fill("People in urban peripheries take part far less in digital participation.");
  await team.getByLabel("Citizen participation").check();
  await expectAccessible(team);
  await team.getByRole("button", { name: "Save and return to the task list" }).click();
  await expect(team.getByText("Your answers have been saved.")).toBeVisible();
  await first.close();

  // Second session: the draft is still there; finish and submit.
  const second = await browser.newContext();
  const again = await second.newPage();
  await signIn(again, "team.brazil@demo.example", DEMO_PASSWORD);
  await again.goto(submissionUrl);
  await expect(again.getByRole("heading", { level: 1 })).toHaveText("Participation beyond the city centre");
  await again.getByRole("link", { name: "The problem" }).click();
  await again.getByLabel("Who is affected?").fill("Low-income residents and black people in urban peripheries.");
  await again.getByRole("button", { name: "Save and return to the task list" }).click();
  // A file that only pretends to be a PDF is refused; a real one is kept.
  await again.getByRole("link", { name: "Documents" }).click();
  await again.getByLabel("Project plan").setInputFiles({
    name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>not a pdf</html>"),
  });
  await again.getByRole("button", { name: "Save and return to the task list" }).click();
  await expect(again.getByRole("link", { name: "The file for “Project plan” must be a PDF, ODT or DOCX document" })).toBeVisible();
  await expectAccessible(again);
  await again.getByLabel("Project plan").setInputFiles({
    name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% a small plan\n"),
  });
  await again.getByRole("button", { name: "Save and return to the task list" }).click();
  await expect(again.getByText("Your answers have been saved.")).toBeVisible();
  await again.getByRole("button", { name: "Check your answers and submit" }).click();
  await expect(again.getByRole("heading", { level: 1 })).toHaveText("Check your answers");
  await expectAccessible(again);
  await again.getByRole("button", { name: "Submit" }).click();
  await expect(again.getByText("Your submission has been received.").first()).toBeVisible();
  await expectAccessible(again);
  await second.close();

  // Staff: the receipt is in the outbox; the list finds the submission with a filter.
  await staffPage.goto("/t/opsi/admin/outbox");
  await expect(staffPage.getByRole("heading", { name: "We received your submission: Participation beyond the city centre" })).toBeVisible();
  await staffPage.goto(`/t/opsi/p/incubator-2024/c/${slug}/submissions`);
  await expectAccessible(staffPage);
  await staffPage.getByLabel("Status").selectOption({ label: "Submitted" });
  // Another form of a word of the summary ("peripheries") finds it.
  await staffPage.getByLabel("Words in the title or summary").fill("periphery");
  await staffPage.getByRole("button", { name: "Apply filters" }).click();
  // "Download what I see": the filtered rows, with semicolons for a French or German Excel.
  const shown = staffPage.waitForEvent("download");
  await staffPage.getByRole("listitem").filter({ hasText: "Download the submissions this list shows" })
    .getByRole("link", { name: /CSV with semicolons/ }).click();
  const csv = fs.readFileSync(await (await shown).path(), "utf8");
  expect(csv.split("\n")[0]).toContain("id;status;title;summary;");
  expect(csv).toContain("Participation beyond the city centre");
  await staffPage.getByRole("link", { name: "Participation beyond the city centre" }).click();
  await expect(staffPage.getByRole("heading", { level: 1 })).toHaveText("Participation beyond the city centre");
  await expect(staffPage.getByText("Low-income residents and black people in urban peripheries.")).toBeVisible();
  await expectAccessible(staffPage);
  const download = staffPage.waitForEvent("download");
  await staffPage.getByRole("link", { name: "plan.pdf" }).click();
  expect((await download).suggestedFilename()).toBe("plan.pdf");

  // The demo call's challenges by title: the page keeps the order, and the next page goes on.
  await staffPage.goto("/t/opsi/p/incubator-2024/c/challenges/submissions");
  await staffPage.getByLabel("Sort by").selectOption({ label: "Title (A to Z)" });
  await staffPage.getByRole("button", { name: "Apply filters" }).click();
  await expect(staffPage).toHaveURL(/sort=title/);
  await expect(staffPage.getByLabel("Sort by")).toHaveValue("title");
  const firstPage = await staffPage.locator("tbody tr td:first-child a").allTextContents();
  expect(firstPage).toHaveLength(50);
  await expectAccessible(staffPage);
  await staffPage.getByRole("link", { name: "Next" }).click();
  await expect(staffPage).toHaveURL(/sort=title/);
  const secondPage = await staffPage.locator("tbody tr td:first-child a").allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  // Unicode order, case aside (the server sorts with ICU's root collation, as Intl does).
  const inOrder = (titles: string[]) =>
    titles.every((title, i) => i === 0 || titles[i - 1].localeCompare(title, "en", { sensitivity: "base" }) <= 0);
  expect(inOrder(firstPage)).toBe(true);
  expect(inOrder([...firstPage, ...secondPage])).toBe(true);
  await staff.close();
});
