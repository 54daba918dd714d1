import { expect, test } from "@playwright/test";
import { CandidatePages, hydrated, StaffPages, watchErrors } from "./pages";

// Issue 19, staff friction part A, walked hydrated at an office resolution.
const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;
test.use({ viewport: { width: 1366, height: 768 } });

test("every code ends in a printed slip, refusals show where the eye is, and irreversible steps ask first", async ({ page }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "准考证测试：宪法是国家的根本法。", options: [], key: "正确", article: "5" });
  await staff.createSitting("准考证与确认测试场次", 100, 60, [question]);

  // A refusal appears inside the enrolment form, scrolled to and focused.
  await hydrated(page);
  const form = page.getByTestId("enrol-form");
  await form.getByLabel("姓名").fill("周建华");
  await form.getByLabel("身份证号码").fill("12345");
  await form.getByRole("button", { name: "报名并生成准考证" }).click();
  const refusal = form.getByTestId("form-error");
  await expect(refusal).toBeVisible();
  await expect(refusal).toBeFocused();
  await expect(refusal).toBeInViewport();
  if (screenshots) await page.screenshot({ path: `${screenshots}/refusal-beside-form.png` });

  // Two enrolled by hand: each issue shows its code once and queues its slip; the form
  // starts clean after each.
  await staff.enrol("周建华", "320102196810101015");
  await expect(form.getByLabel("姓名")).toHaveValue("");
  await staff.enrol("吴晓梅", "320102196810111010");
  await expect(page.getByTestId("print-slips")).toHaveText("打印准考证（2张）");
  const missing = page.getByTestId("slips-missing");
  await expect(missing).toContainText("2名考生的准考证尚未打印：周建华、吴晓梅");
  await expect(page.getByTestId("slip-missing")).toHaveCount(2);
  if (screenshots) await page.screenshot({ path: `${screenshots}/slips-to-print.png`, fullPage: true });

  const sitting = page.url();
  await page.getByTestId("print-slips").click();
  await expect(page.getByTestId("slip")).toHaveCount(2);
  await expect(page.getByTestId("slip").nth(1)).toContainText("吴晓梅");
  await page.goto(sitting);
  await expect(page.getByTestId("slips-missing")).toHaveCount(0);
  await expect(page.getByTestId("slip-missing")).toHaveCount(0);

  // A new code asks first and says the old slip stops working; then its slip waits.
  const row = page.getByTestId("candidate-row").filter({ hasText: "吴晓梅" });
  const step = row.getByTestId("confirm-step");
  await step.getByText("重新发放…").click();
  await expect(step).toContainText("原访问码和已打印的准考证立即失效");
  await step.getByLabel("重新发放原因").fill("准考证遗失");
  if (screenshots) await page.screenshot({ path: `${screenshots}/confirm-new-code.png` });
  await step.getByRole("button", { name: "确认重新发放" }).click();
  await expect(page.getByTestId("issued-ticket")).toContainText("吴晓梅");
  await expect(page.getByTestId("slips-missing")).toContainText("1名考生的准考证尚未打印：吴晓梅");
  await expect(page.getByTestId("print-waiting-slips")).toHaveText("打印待打印的准考证（1张）");

  // Closing the sitting says what it does before it is done.
  const panel = page.getByTestId("state-panel");
  const close = panel.getByTestId("confirm-step");
  await close.getByText("结束考试…").click();
  await expect(close).toContainText("此操作不能撤销");
  await expect(panel.getByTestId("sitting-state")).toHaveText("考试中");
  await close.getByRole("button", { name: "确认结束考试" }).click();
  await expect(panel.getByTestId("sitting-state")).toHaveText("已结束");
  // The one refusal asked for (the broken ID-card number), and nothing else.
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
});

test("the exam page says it is loading until it can save, a candidate is warned before logging out, and a void asks first", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "加载测试：全国人民代表大会是最高国家权力机关。", options: [], key: "正确", article: "57" });
  await staff.createSitting("加载与作废测试场次", 100, 60, [question]);
  const { ticket, code } = await staff.enrol("郑国强", "320102196810121016");
  const sitting = page.url();

  const exam = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await new CandidatePages(exam).login(ticket, code);
  await exam.getByTestId("start-exam").click();
  await expect(exam.getByTestId("save-status")).toHaveText("所有答案已保存");
  // Reload with the page's WebAssembly held back: until it runs, nothing can be saved, and
  // the badge says the page is loading rather than that all is saved.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await exam.route("**/*.wasm", async (route) => { await held; await route.continue(); });
  await exam.reload({ waitUntil: "commit" });
  await expect(exam.getByTestId("save-status")).toHaveText("加载中…");
  if (screenshots) await exam.screenshot({ path: `${screenshots}/exam-loading.png` });
  release();
  await expect(exam.getByTestId("save-status")).toHaveText("所有答案已保存", { timeout: 30_000 });

  // Logging out with the paper open asks first: the code was used up by the login.
  const leave = exam.getByTestId("confirm-step").filter({ hasText: "退出登录…" });
  await leave.getByText("退出登录…").click();
  await expect(leave).toContainText("退出后须请监考人员重新发放访问码");
  await leave.getByRole("button", { name: "确认退出登录" }).click();
  await expect(exam).toHaveURL(/\/$/);
  await exam.close();

  // Voiding is apart from the extension, behind its own confirm step.
  await page.goto(sitting);
  await hydrated(page);
  const row = page.getByTestId("candidate-row").filter({ hasText: "郑国强" });
  await expect(row.getByTestId("proctor-form").getByLabel("监考操作").locator("option")).toHaveText(["延长时间"]);
  const voiding = row.getByTestId("proctor-irreversible").filter({ hasText: "作废答卷…" });
  await voiding.getByText("作废答卷…").click();
  await expect(voiding).toContainText("作废后这份答卷不计成绩，且不能恢复");
  await voiding.getByLabel("操作原因").fill("发现替考");
  if (screenshots) await page.screenshot({ path: `${screenshots}/confirm-void.png` });
  await voiding.getByRole("button", { name: "确认作废答卷" }).click();
  await expect(voiding.getByRole("status")).toHaveText("已记录，刷新可见");
  await page.reload();
  await expect(row.getByTestId("candidate-status")).toHaveText("已作废");
  // A voided paper needs no slip any more.
  await expect(row.getByTestId("slip-missing")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the sitting form shows one paper mode at a time", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.goto("/staff/sittings");
  await page.waitForLoadState("networkidle");
  await page.getByText("新建考试场次").click();
  const form = page.getByTestId("create-sitting");
  await form.getByLabel("组卷方式").selectOption("fixed");
  await expect(form.getByTestId("fixed-fields")).toBeVisible();
  await expect(form.getByTestId("drawn-fields")).toBeHidden();
  await form.getByLabel("组卷方式").selectOption("drawn");
  await expect(form.getByTestId("drawn-fields")).toBeVisible();
  await expect(form.getByTestId("fixed-fields")).toBeHidden();
});
