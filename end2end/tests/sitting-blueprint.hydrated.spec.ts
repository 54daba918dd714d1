import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { cstInput, hydrated, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff build a blueprint, see an infeasible one refused with the shortfall, and every candidate gets a drawn paper", async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);

  // A small bank of its own: 30 true/false questions on the Budget Law.
  const csv = testInfo.outputPath("budget.csv");
  const rows = Array.from({ length: 30 }, (_, i) => `政府,判断题,预算法组卷测试第${i + 1}题。,正确,,${(i % 5) + 1},预算法,${i + 1}`);
  writeFileSync(csv, ["题库,题型,题干,答案,解析,难度,法律,条", ...rows].join("\n") + "\n");
  await page.goto("/staff/questions/import");
  await page.setInputFiles("input[type=file]", csv);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("新题 30");
  await page.getByTestId("commit-import").click();
  await expect(page.getByTestId("imported")).toContainText("新增30道");

  await page.goto("/staff/sittings");
  // Hydrated first: a post made before would be the plain-form path (a reload that resets
  // the blueprint rows), not the one this test walks.
  await hydrated(page);
  await page.getByText("新建考试场次").click();
  const form = page.getByTestId("create-sitting");
  await form.getByLabel("考试名称").fill("预算法随机组卷测试");
  await form.getByLabel(/^开考时间/).fill(cstInput(-5));
  await form.getByLabel("截止时间").fill(cstInput(120));
  await form.getByLabel("考试时长（分钟）").fill("60");
  await expect(form.getByLabel("组卷方式")).toHaveValue("drawn");
  const blueprint = form.getByTestId("blueprint");
  await blueprint.getByLabel("第1行题型").selectOption("true_false");
  await blueprint.getByLabel("第1行法律").selectOption("budget-law");
  await blueprint.getByLabel("第1行难度下限").selectOption("1");
  await blueprint.getByLabel("第1行难度上限").selectOption("5");
  await blueprint.getByLabel("第1行题数").fill("40");
  for (const n of [2, 3, 4]) await blueprint.getByLabel(`第${n}行题数`).fill("");
  await blueprint.getByLabel("第1行每题分值").fill("2");
  await blueprint.getByLabel("试卷总分").fill("80");
  await form.getByRole("button", { name: "创建考试场次" }).click();
  await expect(form.getByTestId("form-error")).toHaveText("第1部分需要40道预算法判断题，题库中仅有30道");
  if (screenshots) await page.screenshot({ path: `${screenshots}/sitting-blueprint-refused.png`, fullPage: true });

  await blueprint.getByLabel("第1行题数").fill("10");
  await blueprint.getByLabel("第1行每题分值").fill("10");
  await blueprint.getByLabel("试卷总分").fill("100");
  await form.getByRole("button", { name: "创建考试场次" }).click();
  await expect(page).toHaveURL(/\/staff\/sittings\/\d+$/);
  await expect(page.getByTestId("blueprint-sections")).toContainText("预算法");
  await expect(page.getByTestId("blueprint-sections")).toContainText("30");
  await expect(page.getByTestId("paper-spread")).toContainText("200份");

  // A new sitting is a draft: enrol, then schedule it and open it on the day.
  await expect(page.getByTestId("state-panel").getByTestId("sitting-state")).toHaveText("草稿");
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  if (screenshots) await page.screenshot({ path: `${screenshots}/sitting-draft.png`, fullPage: true });
  await staff.changeState("发布考试", "已发布");
  await staff.changeState("开考", "考试中");
  const candidate = await browser.newPage();
  await candidate.goto("/exam/login");
  await candidate.getByLabel("准考证号或身份证号").fill(ticket);
  await candidate.getByLabel("访问码").fill(code);
  await candidate.getByRole("button", { name: "进入考试" }).click();
  await candidate.getByRole("button", { name: /开始答题/ }).click();
  await expect(candidate.getByTestId("question")).toHaveCount(10);
  await expect(candidate.getByTestId("question").first()).toContainText("预算法组卷测试");
  await expect(candidate.getByRole("heading", { name: "一、判断题（共10题，每题10分）" })).toBeVisible();
  if (screenshots) await candidate.screenshot({ path: `${screenshots}/exam-page-drawn.png` });
  await candidate.close();

  await page.reload();
  await expect(page.getByTestId("paper-spread")).toContainText("已抽取的试卷");
  // The paper is drawn again from its stored seed and compared, for an audit or an appeal
  // (once the page is interactive: the answer appears beside the button).
  await page.waitForLoadState("networkidle");
  await page.getByTestId("verify-paper").click();
  await expect(page.getByTestId("paper-verified")).toHaveText("一致");
  if (screenshots) await page.screenshot({ path: `${screenshots}/sitting-blueprint.png`, fullPage: true });
  // The one failed request is the refusal of the infeasible blueprint.
  expect(errors).toEqual(["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
});
