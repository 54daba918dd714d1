import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, watchErrors, waitForHydration } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff set up a sitting, a candidate answers, reloads, resumes and hands in; staff see the score", async ({ page }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  const candidate = new CandidatePages(page);

  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const ids: number[] = [];
  ids.push(await staff.addQuestion({ kind: "single_choice", stem: "中华人民共和国的一切权力属于（ ）。", options: ["人民", "国务院", "全国人民代表大会"], key: "A", article: "2" }));
  ids.push(await staff.addQuestion({ kind: "multiple_choice", stem: "根据宪法第三十三条，下列说法正确的有（ ）。", options: ["公民在法律面前一律平等", "国家尊重和保障人权", "公民只享有权利"], key: "AB", article: "33" }));
  ids.push(await staff.addQuestion({ kind: "true_false", stem: "地方各级人民代表大会每届任期三年。", options: [], key: "错误", article: "98" }));
  await staff.createSitting("2026年第四次任前法律知识考试", 10, 20, ids);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  expect(ticket).toMatch(/^\d{12}$/);
  await staff.logout();

  await candidate.login(ticket, code);
  await page.getByTestId("start-exam").click();
  await waitForHydration(page);
  await expect(page.getByTestId("question")).toHaveCount(3);
  // The paper the candidate holds carries no key or explanation.
  const html = await page.content();
  expect(html).not.toContain("answer_key");
  expect(html).not.toContain("宪法第二条");

  // The paper keeps the order of question numbers: 单选题, 多选题, 判断题.
  await candidate.choose(3, "错误");
  await candidate.choose(2, /公民在法律面前一律平等/);
  await candidate.choose(2, /国家尊重和保障人权/);
  await expect(page.getByTestId("save-status")).toHaveText("所有答案已保存");
  const before = await page.getByTestId("countdown").innerText();
  expect(before).toMatch(/^(1:00:00|59:\d\d)$/);
  if (screenshots) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${screenshots}/exam-page.png`, fullPage: true });
    await page.getByRole("button", { name: "大字号" }).click();
    await page.screenshot({ path: `${screenshots}/exam-page-large.png`, fullPage: true });
    await page.getByRole("button", { name: "大字号" }).click();
  }

  await page.reload();
  await waitForHydration(page);
  await expect(candidate.question(3).getByLabel("错误")).toBeChecked();
  await expect(candidate.question(2).getByLabel(/公民在法律面前一律平等/)).toBeChecked();
  await expect(candidate.question(2).getByLabel(/国家尊重和保障人权/)).toBeChecked();
  await expect(candidate.question(1).getByRole("radio").first()).not.toBeChecked();
  await expect(page.getByTestId("countdown")).toHaveText(/^(1:00:00|59:\d\d)$/);

  await page.getByTestId("open-submit").click();
  await expect(page.getByTestId("unanswered")).toContainText("第1");
  await page.getByTestId("confirm-submit").click();
  await expect(page.getByTestId("exam-finished")).toContainText("您已交卷");
  // Let the answer sheet's one-second tick fire a few times: once the sheet is gone it must
  // have been stopped, or it would touch disposed state and raise a page error.
  await page.waitForTimeout(2500);
  expect(errors).toEqual([]);
  await page.reload();
  await expect(page.getByTestId("exam-finished")).toBeVisible();
  await page.getByRole("button", { name: "退出登录" }).click();

  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole("link", { name: "2026年第四次任前法律知识考试" }).click();
  const row = page.getByTestId("candidate-row").filter({ hasText: ticket });
  await expect(row).toContainText("已交卷");
  await expect(row.getByTestId("score")).toHaveText("20（合格）");
  if (screenshots) await page.screenshot({ path: `${screenshots}/staff-sitting.png`, fullPage: true });
  expect(errors).toEqual([]);
});

test("a reused access code is refused with a clear message", async ({ page, browser, baseURL }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole("link", { name: "2026年第四次任前法律知识考试" }).click();
  const { ticket, code } = await staff.enrol("李秀兰", "110101198001010010");
  const first = await browser.newContext({ baseURL });
  await new CandidatePages(await first.newPage()).login(ticket, code);
  const second = await (await browser.newContext({ baseURL })).newPage();
  await second.goto("/exam/login");
  await second.getByLabel("准考证号或身份证号").fill(ticket);
  await second.getByLabel("访问码").fill(code);
  await second.getByRole("button", { name: "进入考试" }).click();
  await expect(second.getByTestId("form-error")).toContainText("该访问码已经使用过");
});
