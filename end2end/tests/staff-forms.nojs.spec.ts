import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { CandidatePages, StaffPages } from "./pages";

// The same staff pages with JavaScript off: every form is a plain HTML form.
test("with JavaScript off, staff log in, add a question, see a refusal, create a sitting and enrol", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "single_choice", stem: "中华人民共和国实行（ ），建设社会主义法治国家。", options: ["依法治国", "以德治国"], key: "A", article: "5" });

  // A broken question is refused with the rule it broke, and nothing is added.
  const form = await staff.openAddQuestion();
  await form.getByLabel("题干").fill("这道单选题有两个答案");
  await form.getByLabel(/^选项/).fill("甲\n乙\n丙");
  await form.getByLabel(/^正确答案/).fill("AB");
  await form.getByLabel("条", { exact: true }).fill("5");
  await form.getByRole("button", { name: "保存试题" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("单选题必须恰好有一个正确答案，当前为2个");
  await expect(page.getByTestId("question-table")).not.toContainText("这道单选题有两个答案");

  await staff.createSitting("无脚本环境测试场次", 100, 60, [question]);
  const { ticket, code } = await staff.enrol("张卫东", "510104197210100011");
  expect(ticket).toMatch(/^\d{12}$/);
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(page.getByTestId("candidate-table")).toContainText("张卫东");
});

// The exam page saves through JavaScript: without it the controls stay disabled and say why,
// so nobody ticks an answer that is never saved.
test("with JavaScript off, a candidate's exam page says it needs JavaScript and takes no answer", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "无脚本测试：宪法是国家的根本法。", options: [], key: "正确", article: "5" });
  await staff.createSitting("无脚本作答测试场次", 100, 60, [question]);
  const { ticket, code } = await staff.enrol("钱立新", "510104196805050012");
  await staff.logout();

  await new CandidatePages(page).login(ticket, code);
  await page.getByTestId("start-exam").click();
  // (Playwright reads no text inside <noscript>, so the page source shows the message.)
  await expect(page.getByTestId("needs-javascript")).toBeVisible();
  expect(await page.content()).toContain("本页需要浏览器启用 JavaScript 才能作答和保存答案");
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: "../docs/screenshots/exam-without-javascript.png" });
  await expect(page.getByTestId("question").first().getByLabel("正确")).toBeDisabled();
});

test("with JavaScript off, staff import a CSV file: upload, preview, commit", async ({ page }, testInfo) => {
  await new StaffPages(page).login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const csv = testInfo.outputPath("bank.csv");
  writeFileSync(csv, "\uFEFF题库,题型,题干,答案,难度,法律,条,款\n检察院,判断题,无脚本导入的判断题。,正确,1,检察官法,1,\n");
  await page.goto("/staff/questions/import");
  await page.setInputFiles("input[type=file]", csv);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("新题 1");
  await page.getByTestId("commit-import").click();
  await page.goto("/staff/questions?text=无脚本导入");
  await expect(page.getByTestId("question-table")).toContainText("检察官法第1条");
});
