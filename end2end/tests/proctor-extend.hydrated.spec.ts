import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("the proctor console follows a candidate live; an extension reaches the candidate's countdown without a reload", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "全国人民代表大会每届任期五年。", options: [], key: "正确", article: "60" });
  await staff.createSitting("监考台测试", 100, 60, [question]);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  await page.getByTestId("open-console").click();
  await expect(page).toHaveURL(/\/console$/);
  const row = page.getByTestId("console-row");
  await expect(row.getByTestId("console-status")).toHaveText("未开始");

  const candidatePage = await browser.newPage();
  const candidate = new CandidatePages(candidatePage);
  await candidate.login(ticket, code);
  await candidatePage.getByTestId("start-exam").click();
  const countdown = candidatePage.getByTestId("countdown");
  await expect(countdown).toHaveText(/^(59|60):/);
  await candidate.choose(1, "正确");
  // The candidate switches to another window: the console counts it.
  await candidatePage.evaluate(() => window.dispatchEvent(new Event("blur")));

  // The console catches up by itself (the server pushes each change as an event).
  await expect(row.getByTestId("console-status")).toHaveText("答题中", { timeout: 15_000 });
  await expect(row).toContainText("1 / 1");
  await expect(row.getByTestId("console-focus")).toHaveText("1", { timeout: 15_000 });

  const form = row.getByTestId("proctor-form");
  await form.getByLabel("监考操作").selectOption("extend");
  await form.getByLabel("延长分钟数").fill("10");
  await form.getByLabel("操作原因").fill("考场停电十分钟");
  // A refresh while the proctor types keeps what they typed.
  await page.waitForTimeout(6_000);
  await expect(form.getByLabel("操作原因")).toHaveValue("考场停电十分钟");
  await form.getByRole("button", { name: "执行" }).click();
  await expect(page.getByTestId("incident-log")).toContainText("考场停电十分钟", { timeout: 15_000 });
  await expect(row.getByTestId("console-remaining")).toHaveText(/^1:(09|10):/, { timeout: 15_000 });
  if (screenshots) await page.screenshot({ path: `${screenshots}/proctor-console.png`, fullPage: true });

  // The exam page corrects its clock from the server every 30 seconds.
  await expect(countdown).toHaveText(/^1:(09|10):/, { timeout: 45_000 });
  await candidatePage.close();
  expect(errors).toEqual([]);
});
