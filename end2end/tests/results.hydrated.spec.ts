import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff close a sitting, read its report and publish it; only then the candidate sees the result", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const first = await staff.addQuestion({ kind: "true_false", stem: "成绩测试：中华人民共和国的一切权力属于人民。", options: [], key: "正确", article: "2" });
  const second = await staff.addQuestion({ kind: "true_false", stem: "成绩测试：地方各级人民代表大会每届任期三年。", options: [], key: "错误", article: "98" });
  await staff.createSitting("成绩发布测试", 50, 60, [first, second]);
  const sittingUrl = page.url();
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");

  const candidatePage = await browser.newPage();
  const candidate = new CandidatePages(candidatePage);
  await candidate.login(ticket, code);
  await candidatePage.getByTestId("start-exam").click();
  await candidate.choose(1, "正确");
  await candidate.choose(2, "正确");
  await candidatePage.getByTestId("open-submit").click();
  await candidatePage.getByTestId("confirm-submit").click();
  await expect(candidatePage.getByTestId("exam-finished")).toContainText("您已交卷");

  // Before publication the result page says so and nothing more.
  await candidatePage.goto("/results/login");
  await candidatePage.getByLabel("准考证号或身份证号").fill(ticket);
  await candidatePage.getByLabel("访问码").fill(code);
  await candidatePage.getByRole("button", { name: "查询成绩" }).click();
  await expect(candidatePage).toHaveURL(/\/results$/);
  await expect(candidatePage.getByTestId("not-published")).toBeVisible();
  await expect(candidatePage.locator("body")).not.toContainText("成绩：");

  await page.goto(sittingUrl);
  await staff.changeState("结束考试", "已结束");
  await page.getByTestId("open-report").click();
  await expect(page).toHaveURL(/\/report$/);
  const reportUrl = page.url();
  await expect(page.getByTestId("pass-rate")).toHaveText("0.0%");
  await expect(page.getByTestId("mean")).toHaveText("50.0");
  await expect(page.getByTestId("histogram")).toBeVisible();
  await expect(page.getByTestId("item-analysis").locator("tbody tr")).toHaveCount(2);
  if (screenshots) await page.screenshot({ path: `${screenshots}/sitting-report.png`, fullPage: true });
  await page.waitForLoadState("networkidle");
  const form = page.getByTestId("publish-form");
  await form.getByLabel("发布说明").fill("经审核无误");
  await form.getByRole("button", { name: "发布成绩" }).click();
  // (Before hydration the form posts without JavaScript and the page comes back published.)
  await expect(page.getByTestId("published")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("published")).toContainText("成绩已于");
  await expect(page.getByTestId("report")).toContainText("发布成绩");

  await page.goto(reportUrl.replace(/report$/, "notices"));
  await expect(page.getByTestId("score-notice")).toHaveCount(1);
  await expect(page.getByTestId("score-notice")).toContainText("不合格");
  if (screenshots) {
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${screenshots}/score-notice-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
  }

  await candidatePage.reload();
  await expect(candidatePage.getByTestId("my-score")).toContainText("50 / 100");
  await expect(candidatePage.getByTestId("my-score")).toContainText("不合格");
  await expect(candidatePage.getByTestId("review")).toContainText("正确答案：错误");
  if (screenshots) await candidatePage.screenshot({ path: `${screenshots}/candidate-result.png`, fullPage: true });

  // The candidate asks for a re-check; a reviewer checks the paper and upholds the result.
  await candidatePage.waitForLoadState("networkidle");
  const appeal = candidatePage.getByTestId("appeal-form");
  await appeal.getByLabel("申请复核的理由").fill("我认为第2题的答案有误");
  await appeal.getByRole("button", { name: "申请复核" }).click();
  // The request is listed at once, with JavaScript or (before hydration) without.
  await expect(candidatePage.getByTestId("appeal-pending")).toBeVisible();
  await page.goto(reportUrl);
  const appeals = page.getByTestId("sitting-appeals");
  await expect(appeals).toContainText("我认为第2题的答案有误");
  await appeals.getByRole("link", { name: "查看答卷" }).click();
  await expect(page.getByTestId("review")).toContainText("正确答案：错误");
  await page.goBack();
  const decide = page.getByTestId("decide-form");
  await decide.getByLabel("复核意见").fill("经复核，宪法第九十八条规定每届任期五年，评分无误");
  await decide.getByRole("button", { name: "作出复核决定" }).click();
  await expect(page.getByTestId("sitting-appeals")).toContainText("维持原成绩");
  await candidatePage.reload();
  await expect(candidatePage.getByTestId("appeal-outcome")).toContainText("维持原成绩");

  // The person's exam history holds the sitting; no pass record, since he failed.
  await page.getByTestId("report-candidates").getByRole("link", { name: "王建国" }).click();
  await expect(page.getByTestId("history")).toContainText("成绩发布测试");
  await expect(page.getByTestId("no-pass")).toBeVisible();
  if (screenshots) await page.screenshot({ path: `${screenshots}/person-history.png`, fullPage: true });

  // Item analysis across the closed sittings in reach.
  await page.goto("/staff/analysis");
  await expect(page.getByTestId("item-analysis")).toContainText("成绩测试：地方各级人民代表大会每届任期三年。");
  if (screenshots) await page.screenshot({ path: `${screenshots}/item-analysis.png`, fullPage: true });
  await candidatePage.close();
  expect(errors).toEqual([]);
});
