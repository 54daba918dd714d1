import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("a candidate writes a short answer, a grader marks it without seeing who wrote it, staff publish, the candidate sees the mark", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const judged = await staff.addQuestion({ kind: "true_false", stem: "阅卷测试：中华人民共和国的国家机构实行民主集中制的原则。", options: [], key: "正确", article: "3" });
  const stem = "阅卷测试：简述人民代表大会与国家行政、监察、审判、检察机关的关系。";
  const form = await staff.openAddQuestion();
  await form.getByLabel("题型").selectOption("short_answer");
  await form.getByLabel("题干").fill(stem);
  await form.getByLabel(/^正确答案/).fill("国家行政机关、监察机关、审判机关、检察机关都由人民代表大会产生，对它负责，受它监督。");
  await form.getByLabel(/^评分要点/).fill("由人民代表大会产生\n对它负责，受它监督");
  await form.getByLabel("法律").selectOption("constitution");
  await form.getByLabel("条", { exact: true }).fill("3");
  await form.getByRole("button", { name: "保存试题" }).click();
  await expect(form.getByRole("status")).toContainText("已添加试题");
  await page.goto(`/staff/questions?text=${encodeURIComponent(stem)}`);
  const written = Number(await page.getByTestId("question-table").locator("tbody tr").first().getByTestId("question-id").innerText());

  await staff.createSitting("简答题阅卷测试", 50, 60, [judged, written]);
  const sittingUrl = page.url();
  const name = "欧阳明远";
  const { ticket, code } = await staff.enrol(name, "110105196802150036");

  // The candidate writes the answer; every keystroke is kept and saved.
  const candidatePage = await browser.newPage();
  const candidate = new CandidatePages(candidatePage);
  await candidate.login(ticket, code);
  await candidatePage.getByTestId("start-exam").click();
  await candidate.choose(1, "正确");
  const box = candidate.question(2).getByTestId("short-answer");
  await box.fill("都由人民代表大会产生，对它负责，受它监督。");
  await expect(candidate.question(2).locator(".qstate .badge")).toHaveText("已保存");
  if (screenshots) await candidatePage.screenshot({ path: `${screenshots}/exam-short-answer.png` });
  await candidatePage.reload();
  await expect(candidate.question(2).getByTestId("short-answer")).toHaveValue("都由人民代表大会产生，对它负责，受它监督。");
  await candidatePage.getByTestId("open-submit").click();
  await candidatePage.getByTestId("confirm-submit").click();
  await expect(candidatePage.getByTestId("exam-finished")).toContainText("您已交卷");

  // Closed, but not publishable until the short answer is marked.
  await page.goto(sittingUrl);
  await expect(page.getByTestId("marking-plan")).toContainText("单评");
  await staff.changeState("结束考试", "已结束");
  await page.getByTestId("open-report").click();
  const reportUrl = page.url();
  await page.waitForLoadState("networkidle");
  await page.getByTestId("publish-form").getByLabel("发布说明").fill("经审核无误");
  await page.getByTestId("publish-form").getByRole("button", { name: "发布成绩" }).click();
  await expect(page.getByRole("alert")).toContainText("有待人工阅卷");

  // The grader marks it blind: a sealed code, the answer and the guide; no name, no ticket.
  const graderPage = await browser.newPage();
  const grader = new StaffPages(graderPage);
  await grader.login("e2e-grader", process.env.E2E_ADMIN_PASSWORD!);
  await graderPage.getByRole("navigation").getByRole("link", { name: "阅卷" }).click();
  await expect(graderPage).toHaveURL(/\/staff\/marking$/);
  await graderPage.getByTestId("marking-sittings").locator("tr").filter({ hasText: "简答题阅卷测试" }).getByRole("link", { name: "进入阅卷" }).click();
  const script = graderPage.getByTestId("script");
  await expect(script.getByTestId("script-code")).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(script.getByTestId("script-response")).toHaveText("都由人民代表大会产生，对它负责，受它监督。");
  await expect(script).toContainText("对它负责，受它监督");
  const html = await graderPage.content();
  expect(html).not.toContain(name);
  expect(html).not.toContain(ticket);
  if (screenshots) await graderPage.screenshot({ path: `${screenshots}/marking-desk.png`, fullPage: true });
  await graderPage.waitForLoadState("networkidle");
  await script.getByLabel("得分").fill("40");
  await script.getByLabel("评语（可选）").fill("要点齐全，表述略简");
  await script.getByRole("button", { name: "提交评分" }).click();
  await expect(graderPage.getByTestId("nothing-to-mark")).toBeVisible();
  await expect(graderPage.getByTestId("marking-progress")).toContainText("1");

  // Now staff publish, and the candidate sees 50 + 40 and the mark of the short answer.
  await page.goto(reportUrl);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("publish-form").getByLabel("发布说明").fill("经审核无误");
  await page.getByTestId("publish-form").getByRole("button", { name: "发布成绩" }).click();
  await expect(page.getByTestId("published")).toBeVisible();

  await candidatePage.goto("/results/login");
  await candidatePage.getByLabel("准考证号或身份证号").fill(ticket);
  await candidatePage.getByLabel("访问码").fill(code);
  await candidatePage.getByRole("button", { name: "查询成绩" }).click();
  await expect(candidatePage.getByTestId("my-score")).toContainText("90 / 100");
  await expect(candidatePage.getByTestId("my-score")).toContainText("合格");
  await expect(candidatePage.getByTestId("review")).toContainText("得分 40/50");
  await graderPage.close();
  await candidatePage.close();
  // The one failed response is the refused early publication (409 Conflict).
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 409 (Conflict)"]);
});
