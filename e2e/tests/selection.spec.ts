import { DEMO_PASSWORD, expect, expectAccessible, linkInMail, signIn, test } from "./helpers";

function local(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T12:00`;
}

// Issue 13's journey: a team's entry is screened, a reviewer scores it in a blind round, staff
// read the ranked table, decide and release, and the team reads its outcome and confirms.
test("a reviewer scores an entry; staff rank, decide and release; the team sees the outcome", async ({ browser }) => {
  const slug = `selection-${Date.now()}`;
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@demo.example", DEMO_PASSWORD);
  await staff.goto("/t/opsi/p/incubator-2024/calls/new");
  await staff.getByLabel("Call for challenges").check();
  await staff.getByLabel("Title").fill("Call to select from");
  await staff.getByLabel("Short name for the web address").fill(slug);
  await staff.getByLabel("Opens at").fill(local(-1));
  await staff.getByLabel("Closes at").fill(local(30));
  await staff.getByRole("button", { name: "Create call" }).click();

  // The team applies.
  const teamContext = await browser.newContext();
  const team = await teamContext.newPage();
  await signIn(team, "team.spain@demo.example", DEMO_PASSWORD);
  await team.goto(`/t/opsi/p/incubator-2024/c/${slug}`);
  await team.getByRole("button", { name: "Start an application" }).click();
  await team.getByRole("button", { name: "Start an application" }).click();
  const entry = team.url();
  await team.getByRole("link", { name: "About your submission" }).click();
  await team.getByLabel("Title").fill("Services that reach vulnerable people");
  await team.getByLabel("Summary").fill("People who need public services most find them hardest to reach.");
  await team.getByRole("button", { name: "Save and return to the task list" }).click();
  await team.getByRole("button", { name: "Check your answers and submit" }).click();
  await team.getByRole("button", { name: "Submit" }).click();
  await expect(team.getByText("Your submission has been received.").first()).toBeVisible();
  const id = entry.split("/").pop() as string;

  // Staff screen it, start a blind round with a one-criterion rubric, add it and a reviewer.
  await staff.goto(`/t/opsi/submissions/${id}/screening`);
  await expectAccessible(staff);
  await staff.getByLabel("Eligible", { exact: true }).check();
  await staff.getByRole("button", { name: "Save the screening" }).click();
  await expect(staff.getByText("The screening has been saved.")).toBeVisible();
  await staff.goto(`/t/opsi/p/incubator-2024/c/${slug}/selection`);
  await expectAccessible(staff);
  await staff.getByRole("link", { name: "Start a review round" }).click();
  await staff.getByLabel("Name of the round").fill("Long list");
  await staff.getByLabel("Opens for reviews").fill(local(-1));
  await staff.getByLabel("Closes for reviews").fill(local(10));
  await staff.getByLabel("Reviews per entry").fill("1");
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "Start the round" }).click();
  await expect(staff.getByText("The round has been started.")).toBeVisible();
  await staff.getByLabel("Criterion").fill("Relevance");
  await staff.getByLabel("What each score means").fill("Off topic\nMarginal\nRelevant\nImportant\nCentral");
  await staff.getByRole("button", { name: "Add a criterion" }).click();
  await expect(staff.getByText("The criterion has been added.")).toBeVisible();
  await expectAccessible(staff);
  const round = staff.url().split("/rounds/")[1].split(/[/?#]/)[0];
  await staff.goto(`/t/opsi/rounds/${round}/assignments`);
  await staff.getByRole("button", { name: "Add the call's eligible entries" }).click();
  await staff.getByLabel("Add a reviewer").selectOption({ label: "Demo Reviewer (reviewer@demo.example)" });
  await staff.getByRole("button", { name: "Add the reviewer" }).click();
  await staff.getByRole("button", { name: "Assign reviewers automatically" }).click();
  await expect(staff.getByText("every entry has the reviews it needs")).toBeVisible();
  await expectAccessible(staff);

  // The reviewer scores it without seeing who wrote it.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, "reviewer@demo.example", DEMO_PASSWORD);
  await reviewer.goto("/t/opsi/reviews");
  await expectAccessible(reviewer);
  await reviewer.goto(`/t/opsi/rounds/${round}/assigned`);
  await expectAccessible(reviewer);
  await reviewer.getByRole("link", { name: "Services that reach vulnerable people" }).click();
  await expect(reviewer.getByText("you do not see who submitted the entry")).toBeVisible();
  await expect(reviewer.getByText("Ministry")).toHaveCount(0);
  await reviewer.getByLabel("4 – Important").check();
  await reviewer.getByLabel("Support", { exact: true }).check();
  await reviewer.getByRole("button", { name: "Submit the review" }).click();
  await expect(reviewer.getByText("Your review has been submitted.")).toBeVisible();
  await expectAccessible(reviewer);

  // Staff read the ranking, decide, and release.
  await staff.goto(`/t/opsi/rounds/${round}/ranking`);
  await expect(staff.getByRole("cell", { name: "75.00" }).first()).toBeVisible();
  await expectAccessible(staff);
  await staff.goto(`/t/opsi/submissions/${id}/decision`);
  await staff.getByLabel("Selected", { exact: true }).check();
  await staff.getByLabel("Rationale").fill("The panel's strongest entry.");
  await staff.getByLabel("Decided in").selectOption({ label: "Long list" });
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "Record the decision" }).click();
  await expect(staff.getByText("The decision has been recorded.")).toBeVisible();

  // Before release the team reads "under review".
  await team.goto(`/t/opsi/submissions/${id}/decision`);
  await expect(team.getByText("Your entry is under review.")).toBeVisible();

  await staff.goto(`/t/opsi/p/incubator-2024/c/${slug}/decisions/release`);
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "Release the decisions" }).click();
  await expect(staff.getByText("The decisions have been released")).toBeVisible();
  await expectAccessible(staff);

  // The team reads its outcome and confirms, apart from the decision's wording.
  await team.goto(`/t/opsi/submissions/${id}/decision`);
  await expect(team.getByRole("heading", { name: "Selected" })).toBeVisible();
  await expectAccessible(team);
  await team.getByRole("button", { name: "Confirm that we take part" }).click();
  await expect(team.getByText("your team's participation is confirmed")).toBeVisible();
  await expectAccessible(team);

  await staffContext.close();
  await teamContext.close();
  await reviewerContext.close();
});

// An outside expert without any role is invited by email to review in one round: they sign up
// from the join page with the invited address, confirm it, accept, and find that round (and only
// that round) among their review rounds.
test("an expert invited for one round signs up, confirms, accepts and reviews there", async ({ browser }) => {
  const unique = Date.now();
  const slug = `invited-${unique}`;
  const expertEmail = `expert.${unique}@outside.example`;
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@demo.example", DEMO_PASSWORD);
  await staff.goto("/t/opsi/p/incubator-2024/calls/new");
  await staff.getByLabel("Call for challenges").check();
  await staff.getByLabel("Title").fill("Call with an outside expert");
  await staff.getByLabel("Short name for the web address").fill(slug);
  await staff.getByLabel("Opens at").fill(local(-1));
  await staff.getByLabel("Closes at").fill(local(30));
  await staff.getByRole("button", { name: "Create call" }).click();
  await staff.goto(`/t/opsi/p/incubator-2024/c/${slug}/selection`);
  await staff.getByRole("link", { name: "Start a review round" }).click();
  await staff.getByLabel("Name of the round").fill("Expert round");
  await staff.getByLabel("Opens for reviews").fill(local(-1));
  await staff.getByLabel("Closes for reviews").fill(local(10));
  await staff.getByLabel("Reviews per entry").fill("1");
  await staff.getByRole("button", { name: "Start the round" }).click();
  const round = staff.url().split("/rounds/")[1].split(/[/?#]/)[0];

  // Staff invite the expert's address; a mistyped one is refused by its field.
  await staff.goto(`/t/opsi/rounds/${round}/assignments`);
  const invite = staff.getByLabel("Invite someone to review in this round only");
  await invite.fill("expert at outside");
  await staff.getByRole("button", { name: "Send the invitation" }).click();
  await expect(staff.getByRole("alert")).toContainText("There is a problem");
  await expectAccessible(staff);
  await staff.getByLabel("Invite someone to review in this round only").fill(expertEmail);
  await staff.getByRole("button", { name: "Send the invitation" }).click();
  await expect(staff.getByText("Invitation sent.")).toBeVisible();
  await expect(staff.getByText(expertEmail)).toBeVisible();
  await expectAccessible(staff);

  // The expert opens the link signed out, creates an account there and confirms the address.
  const join = new URL((await linkInMail(expertEmail, /https?:\/\/\S+\/rounds\/\S+\/join/))!).pathname;
  const expertContext = await browser.newContext();
  const expert = await expertContext.newPage();
  await expert.goto(join);
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText("Invitation to review");
  await expect(expert.getByText("Expert round")).toHaveCount(0);
  await expectAccessible(expert);
  await expert.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expert.getByLabel("Your name").fill("Outside Expert");
  await expert.getByLabel("Email address").fill(expertEmail);
  await expert.getByLabel("Password").fill("lantern-orchid-velvet-42");
  await expert.getByRole("button", { name: "Create account" }).click();
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  const verify = await linkInMail(expertEmail, /https?:\/\/\S+\/verify-email\/\S+/);
  await expert.goto(new URL(verify!).pathname + new URL(verify!).search);
  await signIn(expert, expertEmail, "lantern-orchid-velvet-42");
  await expert.goto(join);
  await expect(expert.getByText("Expert round")).toBeVisible();
  await expectAccessible(expert);
  await expert.getByRole("button", { name: "Accept and review in this round" }).click();
  await expect(expert.getByText("You are now a reviewer of the round.")).toBeVisible();
  await expect(expert.getByRole("cell", { name: /^Expert round/ })).toBeVisible();
  await expect(expert.getByRole("row")).toHaveCount(2);
  await expectAccessible(expert);

  // Staff see who joined, marked as invited for this round.
  await staff.goto(`/t/opsi/rounds/${round}/assignments`);
  await expect(staff.getByText("Invited for this round")).toBeVisible();
  await staffContext.close();
  await expertContext.close();
});
