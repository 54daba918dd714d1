import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { cstInput, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("a candidate practises by law with the key and the article after each answer, and hands in a mock exam; a reserved question never appears", async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);

  // The city confirms the published rules as its own; every new sitting starts from them.
  await page.getByRole("link", { name: "考试规则" }).click();
  await expect(page.getByTestId("rules-source")).toContainText("沿用公开发布的规则");
  await page.waitForLoadState("networkidle");
  const rules = page.getByTestId("rules-form");
  await expect(rules.getByLabel("补考次数")).toHaveValue("1");
  await rules.getByLabel(/^修改原因/).fill("主任会议确认沿用公开规则");
  await rules.getByRole("button", { name: "保存规则" }).click();
  await expect(rules.getByTestId("rules-saved")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("rules-source")).toHaveText("测试市人大常委会自定的规则。");
  if (screenshots) await page.screenshot({ path: `${screenshots}/exam-rules.png`, fullPage: true });

  // Questions for the real sitting, kept for real sittings (正式考试专用): a scheduled sitting's
  // pool is live, so practice could show its questions but never their keys.
  const importCsv = async (name: string, rows: string[]) => {
    const csv = testInfo.outputPath(name);
    writeFileSync(csv, ["题库,题型,题干,答案,解析,难度,法律,条", ...rows].join("\n") + "\n");
    await page.goto("/staff/questions/import");
    await page.setInputFiles("input[type=file]", csv);
    await page.getByRole("button", { name: "上传并校验" }).click();
    await page.getByTestId("commit-import").click();
    await expect(page.getByTestId("imported")).toContainText("已导入");
  };
  await importCsv("real.csv", [
    "人大,判断题,专用：人民代表大会代表应当忠于宪法，弘扬宪法精神，维护宪法权威。,正确,代表法第六条。,2,代表法,6",
    "人大,判断题,专用：代表应当模范地遵守宪法和法律。,正确,代表法第六条。,2,代表法,6",
    "人大,判断题,专用：代表可以不参加统一组织的视察。,错误,代表法第二十九条。,2,代表法,29",
  ]);
  await page.goto(`/staff/questions?text=${encodeURIComponent("专用：")}`);
  const rows = page.getByTestId("question-table").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  // The result of a bulk action shows beside the form once the page is interactive.
  await page.waitForLoadState("networkidle");
  for (const row of await rows.all()) await row.getByRole("checkbox").check();
  await page.getByTestId("bulk-form").getByLabel("对勾选的试题").selectOption("reserve");
  await page.getByRole("button", { name: "执行" }).click();
  await expect(page.getByText("已处理 3 道试题")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("question-table").getByTestId("reserved")).toHaveText(["专用", "专用", "专用"]);

  // A drawn sitting of three Deputies Law true/false questions, scheduled for later today:
  // its pool (frozen now) is the three reserved questions.
  await page.goto("/staff/sittings");
  await page.getByText("新建考试场次").click();
  const form = page.getByTestId("create-sitting");
  await form.getByLabel("考试名称").fill("练习测试场次");
  await form.getByLabel(/^开考时间/).fill(cstInput(120));
  await form.getByLabel("截止时间").fill(cstInput(240));
  await form.getByLabel("考试时长（分钟）").fill("60");
  await form.getByLabel("及格分").fill("20");
  const blueprint = form.getByTestId("blueprint");
  await blueprint.getByLabel("第1行题型").selectOption("true_false");
  await blueprint.getByLabel("第1行法律").selectOption("deputies-law");
  await blueprint.getByLabel("第1行题数").fill("3");
  await blueprint.getByLabel("第1行每题分值").fill("10");
  for (const n of [2, 3, 4]) await blueprint.getByLabel(`第${n}行题数`).fill("");
  await blueprint.getByLabel("试卷总分").fill("30");
  await form.getByRole("button", { name: "创建考试场次" }).click();
  await expect(page).toHaveURL(/\/staff\/sittings\/\d+$/);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  await staff.changeState("发布考试", "已发布");

  // Practice questions, added afterwards: no sitting may use them, so practice tells their keys.
  await importCsv("practice.csv", [
    "人大,判断题,练习：全国人民代表大会和地方各级人民代表大会代表依照法律规定选举产生。,正确,代表法第二条第一款。,1,代表法,2",
    "人大,判断题,练习：地方各级人民代表大会代表每届任期三年。,错误,代表法第二条第三款：每届任期五年。,1,代表法,2",
    "人大,判断题,练习：地方各级人民代表大会代表是地方各级国家权力机关组成人员。,正确,代表法第二条第二款。,2,代表法,2",
  ]);

  const candidate = await browser.newPage();
  const candidateErrors = watchErrors(candidate);
  await candidate.goto("/exam/login");
  await candidate.getByRole("link", { name: "考前练习和模拟考试" }).click();
  await candidate.getByLabel("准考证号或身份证号").fill(ticket);
  await candidate.getByLabel("访问码").fill(code);
  await candidate.getByRole("button", { name: "进入练习" }).click();
  await expect(candidate).toHaveURL(/\/practice$/);
  await expect(candidate.getByTestId("practice-intro")).toContainText("练习测试场次");
  await candidate.waitForLoadState("networkidle");
  await candidate.getByRole("button", { name: "代表法（3）" }).click();

  const seen: string[] = [];
  for (let n = 0; n < 3; n++) {
    const card = candidate.getByTestId("practice-question");
    const stem = (await card.locator(".stem").innerText()).trim();
    expect(stem).toMatch(/^练习：/);
    expect(seen).not.toContain(stem);
    seen.push(stem);
    await card.getByLabel("正确").check();
    await card.getByRole("button", { name: "提交答案" }).click();
    const feedback = card.getByTestId("feedback");
    await expect(feedback).toContainText("正确答案：");
    await expect(feedback.getByTestId("article")).toContainText(/^第二条/);
    if (n === 1 && screenshots) await candidate.screenshot({ path: `${screenshots}/practice-feedback.png`, fullPage: true });
    await card.getByRole("button", { name: "下一题" }).click();
    // Another question while unseen ones remain.
    if (n < 2) await expect(card.locator(".stem")).not.toHaveText(stem);
  }

  await candidate.getByRole("link", { name: "模拟考试" }).click();
  await expect(candidate).toHaveURL(/\/practice\/mock$/);
  await candidate.waitForLoadState("networkidle");
  await candidate.getByTestId("start-mock").click();
  await expect(candidate.getByTestId("mock-question")).toHaveCount(3);
  await expect(candidate.getByTestId("mock-paper")).not.toContainText("专用：");
  await expect(candidate.getByTestId("mock-facts")).toContainText("共3题，满分30分，20分及格");
  for (const q of await candidate.getByTestId("mock-question").all()) await q.getByLabel("正确").check();
  await candidate.getByTestId("hand-in-mock").click();
  // Two of the three are true: 20 of 30 points, a pass.
  await expect(candidate.getByTestId("mock-score")).toContainText("得分 20 / 30（20分及格）：合格");
  await expect(candidate.getByTestId("feedback")).toHaveCount(3);
  if (screenshots) await candidate.screenshot({ path: `${screenshots}/mock-result.png`, fullPage: true });
  expect(candidateErrors).toEqual([]);
  await candidate.close();
  expect(errors).toEqual([]);
});
