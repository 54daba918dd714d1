import { APIRequestContext, expect, Page, test } from "@playwright/test";
import { cstInput, hydrated, StaffPages, waitForHydration, watchErrors } from "./pages";

// Issue 15 §2: what a user writes is never markup in someone else's page. The payload closes
// every raw-text element the app writes and opens an element of its own; Chromium parses each
// page that shows it, and the element must not exist. (The integration suite's
// `hostile::markup` checks the server's HTML for every field on both databases.)
const PAYLOAD = `"></title></textarea></script><img src=x data-xss>`;

/** A server function called as the page's own forms call it (same origin, the staff session). */
async function call(request: APIRequestContext, baseURL: string, path: string, form: Record<string, string>) {
  const reply = await request.post(path, { form, headers: { origin: baseURL, accept: "application/json" } });
  expect(reply.status(), `${path}: ${await reply.text()}`).toBe(200);
  return reply.json();
}

/** The page holds the payload as text only: no element of its making, no script run, and the
 * Content-Security-Policy blocked nothing of the app's own. */
async function expectInert(page: Page, errors: string[]) {
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  expect(await page.locator("[data-xss]").count()).toBe(0);
  expect(await page.evaluate(() => (document.body.textContent ?? "").includes("data-xss"))).toBe(true);
  expect(errors.filter((e) => /Content Security Policy|data-xss/.test(e))).toEqual([]);
}

test("a payload in titles, names, stems and options stays text in every page's DOM, hydrated", async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const request = page.context().request;
  const question: number = await call(request, baseURL!, "/api/bank/add", {
    bank: "common", kind: "single_choice", stem: `题干${PAYLOAD}`, options: `人民${PAYLOAD}\n国务院\n全国人民代表大会`,
    key: "A", explanation: `解析${PAYLOAD}`, difficulty: "2", law: "constitution", article: "2",
  });
  const sitting: number = await call(request, baseURL!, "/api/sittings/create", {
    title: `场次${PAYLOAD}`, venue: `考场${PAYLOAD}`, opens_at: cstInput(-5), closes_at: cstInput(120),
    duration_minutes: "60", pass_mark: "5", paper_mode: "fixed", points_each: "10", [`question_ids[${question}]`]: String(question),
  });
  for (const transition of ["schedule", "open"]) {
    await call(request, baseURL!, "/api/sittings/change-state", { sitting_id: String(sitting), transition, reason: "测试" });
  }
  const issued = await call(request, baseURL!, "/api/sittings/enrol", { sitting_id: String(sitting), name: `张${PAYLOAD}`.slice(0, 50), id_card: "110105195003070027" });

  for (const path of [`/staff/sittings/${sitting}`, `/staff/sittings/${sitting}/console`, `/staff/sittings/${sitting}/sign-in`,
    "/staff/questions", `/staff/questions/${question}/preview`, "/staff/audit"]) {
    await page.goto(path);
    await expectInert(page, errors);
  }
  // The title is the text as written, in the tab.
  await page.goto(`/staff/sittings/${sitting}`);
  await expect(page).toHaveTitle(new RegExp(`^场次${PAYLOAD.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  // The edit form holds the stem exactly, before and after hydration.
  await page.goto(`/staff/questions/${question}/edit`);
  await expectInert(page, errors);
  await expect(page.locator('textarea[name="stem"]')).toHaveValue(`题干${PAYLOAD}`);
  await expect(page.locator('textarea[name="explanation"]')).toHaveValue(`解析${PAYLOAD}`);
  await staff.logout();

  // The candidate's exam page.
  await page.goto("/exam/login");
  await page.getByLabel("准考证号或身份证号").fill(issued.ticket_number);
  await page.getByLabel("访问码").fill(issued.access_code);
  await page.getByRole("button", { name: "进入考试" }).click();
  await expect(page).toHaveURL(/\/exam$/);
  await page.getByTestId("start-exam").click();
  await waitForHydration(page);
  await expectInert(page, errors);
  await expect(page.getByTestId("question").first()).toContainText(`题干${PAYLOAD}`);
  expect(errors).toEqual([]);
});
