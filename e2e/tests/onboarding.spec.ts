import { DEMO_PASSWORD, expect, expectAccessible, linkInMail, signIn, test } from "./helpers";

// A government team member's first visit: sign up, confirm the address through the link in their
// email (the demo writes emails into a folder), sign in, register the organisation, invite a
// colleague. Staff see that the email went out, never its link.
test("a team member signs up, verifies, registers an organisation and invites a colleague", async ({ browser }) => {
  const unique = Date.now();
  const email = `ana.${unique}@gov.example`;
  const password = "lantern-orchid-velvet-42";
  const team = await browser.newContext();
  const page = await team.newPage();

  await page.goto("/t/opsi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("OECD Observatory of Public Sector Innovation");
  await expectAccessible(page);
  await page.getByRole("main").getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");
  await expectAccessible(page);

  // A mistake first: the error summary lists it and links to the field.
  await page.getByLabel("Your name").fill("Ana Souza");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.getByRole("link", { name: /too easy to guess/ })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Create an account/);
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expectAccessible(page);

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await expectAccessible(page);

  // Account emails belong to no tenant: opsi's outbox page does not show Ana's link. Her mail does.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, "staff@demo.example", DEMO_PASSWORD);
  await staffPage.goto("/t/opsi/admin/outbox");
  await expectAccessible(staffPage);
  await expect(staffPage.locator("body")).not.toContainText("/verify-email/");
  await staff.close();
  const link = await linkInMail(email, /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/);

  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your email address is confirmed");
  await expectAccessible(page);

  await signIn(page, email, password);
  await page.goto("/t/opsi");
  await page.getByRole("button", { name: "Register an organisation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register an organisation");
  await expectAccessible(page);
  await page.getByLabel("Name of the organisation").fill(`Laboratório de Inovação ${unique}`);
  await page.getByLabel("Country").selectOption({ label: "Brazil" });
  await page.getByLabel("Regional").check();
  await page.getByLabel("Website (optional)").fill("www.gov.br");
  await page.getByRole("button", { name: "Register an organisation" }).click();
  await expect(page.getByText("Your organisation has been registered.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Laboratório de Inovação ${unique}`);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Your colleague's email address").fill(`bruno.${unique}@gov.example`);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("The invitation has been sent.")).toBeVisible();
  await expect(page.getByText(`bruno.${unique}@gov.example`)).toBeVisible();
  await expectAccessible(page);
  await team.close();
});

test("staff and admin pages pass the accessibility scan", async ({ page }) => {
  await signIn(page, "admin@demo.example", DEMO_PASSWORD);
  for (const path of ["/", "/t/opsi", "/t/opsi/organisations", "/t/opsi/admin/people", "/t/opsi/admin/audit", "/profile"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});

test("signed-out pages pass the accessibility scan and a missing page is friendly", async ({ page }) => {
  for (const path of ["/login", "/signup", "/password/forgot"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page);
});
