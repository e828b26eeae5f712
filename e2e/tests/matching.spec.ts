import { DEMO_PASSWORD, expect, expectAccessible, signIn, test } from "./helpers";

// Issue 14's journey: staff run matching, lock a pair, run again, re-run the stored run (it
// reproduces), confirm and publish; an advisor comments on a match for its teams; the team reads
// the comment (and never an internal one), replies and reads the challenge's own page.
test("staff run matching, lock a pair, re-run and publish; an advisor comments; the team replies", async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@demo.example", DEMO_PASSWORD);
  await staff.goto("/t/opsi/p/incubator-2024/matching");
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "Run matching" }).click();
  await expect(staff.getByText("The run is done and stored.")).toBeVisible();
  await expectAccessible(staff);

  // Lock the first candidate pair of the first challenge, then run again: the lock holds.
  const firstRule = staff.locator("select[name=rule]").first();
  await firstRule.selectOption("lock");
  await staff.getByRole("button", { name: /^Set/ }).first().click();
  await expect(staff.getByText("The rule is saved. It applies to the next run.")).toBeVisible();
  await staff.goto("/t/opsi/p/incubator-2024/matching");
  await staff.getByRole("button", { name: "Run matching" }).click();
  await expect(staff.getByText("The run is done and stored.")).toBeVisible();
  await expect(staff.getByText("Locked in").first()).toBeVisible();

  // The stored run is re-run from its inputs and reproduces; then confirmed and published.
  await staff.getByRole("button", { name: "Re-run these inputs" }).click();
  await expect(staff.getByText("The run was repeated and stored as a new run.")).toBeVisible();
  await staff.getByRole("button", { name: "Confirm as the proposal" }).click();
  await expect(staff.getByText("The run is the proposal.")).toBeVisible();
  await staff.getByRole("button", { name: "Publish these matches" }).click();
  await expect(staff.getByText(/^The matches are published/)).toBeVisible();
  await expectAccessible(staff);

  // The advisor writes an internal note and a comment shared with Brazil's match's teams.
  const advisorContext = await browser.newContext();
  const advisor = await advisorContext.newPage();
  await signIn(advisor, "advisor@demo.example", DEMO_PASSWORD);
  await advisor.goto("/t/opsi/matches");
  await expectAccessible(advisor);
  await advisor.getByRole("link", { name: "Promoting broader and more equitable digital participation" }).click();
  await expectAccessible(advisor);
  const newComment = advisor.locator("form").filter({ has: advisor.getByRole("button", { name: "Add comment" }) });
  // No audience is chosen for the writer: sending without one is refused, the text kept.
  await newComment.getByLabel("Comment", { exact: true }).fill("Internal: the board doubts the timeline.");
  await newComment.getByRole("button", { name: "Add comment" }).click();
  await expect(advisor.getByRole("link", { name: "Choose who sees this comment" })).toBeVisible();
  await expectAccessible(advisor);
  await advisor.getByLabel("Internal: staff and advisors only").check();
  await advisor.getByRole("button", { name: "Add comment" }).click();
  await expect(advisor.getByText("Your comment has been posted.")).toBeVisible();
  const form = advisor.locator("form").filter({ has: advisor.getByRole("button", { name: "Add comment" }) });
  await form.getByLabel("Shared with the teams").check();
  await form.getByLabel("Comment", { exact: true }).fill("Shared: ask New York how they *recruited* first-time participants.");
  await form.getByRole("button", { name: "Add comment" }).click();
  await expect(advisor.getByText("Your comment has been posted.")).toBeVisible();
  await expect(advisor.locator("em", { hasText: "recruited" })).toBeVisible();

  // Brazil's team reads the shared comment, never the internal one, and replies.
  const teamContext = await browser.newContext();
  const team = await teamContext.newPage();
  await signIn(team, "team.brazil@demo.example", DEMO_PASSWORD);
  await team.goto("/t/opsi/matches");
  await team.getByRole("link", { name: "Promoting broader and more equitable digital participation" }).click();
  await expect(team.getByText("ask New York how they")).toBeVisible();
  await expect(team.getByText("the board doubts the timeline")).toHaveCount(0);
  await expect(team.getByText("Both providers reached residents")).toHaveCount(0);
  await expectAccessible(team);
  const shared = team.locator(".ss-thread").filter({ hasText: "ask New York how they" });
  await shared.locator("summary").click();
  await shared.getByLabel("Your reply").fill("Thank you, we will ask them on our first call.");
  await shared.getByRole("button", { name: "Send reply" }).click();
  await expect(team.getByText("Your comment has been posted.")).toBeVisible();
  await expect(team.locator(".ss-replies").getByText("we will ask them on our first call")).toBeVisible();
  await expectAccessible(team);

  // The challenge itself has a read-only page with its own discussion, reached from the match.
  await team.getByRole("link", { name: "Read the challenge and its discussion" }).click();
  await expect(team.getByRole("heading", { level: 1, name: "Promoting broader and more equitable digital participation" })).toBeVisible();
  await expect(team.getByText("Who is affected?")).toBeVisible();
  await expectAccessible(team);

  // The advisor sees the reply under the comment, and reads a selected provider's page from the
  // programme's matching.
  await advisor.reload();
  await expect(advisor.getByText("we will ask them on our first call")).toBeVisible();
  // The advisor edits the internal note; its "edited" mark leads to the earlier text.
  const note = advisor.locator("article.ss-comment").filter({ hasText: "the board doubts the timeline" });
  await note.getByRole("link", { name: /^Edit/ }).click();
  await expectAccessible(advisor);
  await advisor.getByLabel("Comment", { exact: true }).fill("Internal: the board doubts the timeline and the budget.");
  await advisor.getByRole("button", { name: "Save" }).click();
  await expect(advisor.getByText("and the budget")).toBeVisible();
  await advisor.locator("article.ss-comment").filter({ hasText: "and the budget" }).getByRole("link", { name: /^edited/ }).click();
  await expect(advisor.getByRole("heading", { level: 1, name: "Edit history" })).toBeVisible();
  await expect(advisor.getByText("Version 1")).toBeVisible();
  await expectAccessible(advisor);

  await advisor.goto("/t/opsi/p/incubator-2024/matching");
  await advisor.getByText("Read the selected providers").click();
  await advisor.locator("a[href*='/selected/']").last().click();
  await expect(advisor.getByText("Selected provider ·")).toBeVisible();
  await expectAccessible(advisor);
});
