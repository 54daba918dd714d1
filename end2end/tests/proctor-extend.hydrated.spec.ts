import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("a proctor extends a candidate's time and the candidate's countdown gains it without a reload", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "全国人民代表大会每届任期五年。", options: [], key: "正确", article: "60" });
  await staff.createSitting("监考延时测试", 100, 60, [question]);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");

  const candidatePage = await browser.newPage();
  const candidate = new CandidatePages(candidatePage);
  await candidate.login(ticket, code);
  await candidatePage.getByTestId("start-exam").click();
  const countdown = candidatePage.getByTestId("countdown");
  // A 60-minute paper.
  await expect(countdown).toHaveText(/^(59|60):/);

  await page.reload();
  const form = page.getByTestId("proctor-form");
  await form.getByLabel("监考操作").selectOption("extend");
  await form.getByLabel("延长分钟数").fill("10");
  await form.getByLabel("操作原因").fill("考场停电十分钟");
  await form.getByRole("button", { name: "执行" }).click();
  await expect(form.getByRole("status")).toHaveText("已记录，刷新可见");
  await page.reload();
  await expect(page.getByTestId("extended")).toHaveText("延时10分钟");
  if (screenshots) await page.screenshot({ path: `${screenshots}/proctor-actions.png`, fullPage: true });

  // The page corrects its clock from the server every 30 seconds.
  await expect(countdown).toHaveText(/^(69|70):/, { timeout: 45_000 });
  await candidatePage.close();
  expect(errors).toEqual([]);
});
