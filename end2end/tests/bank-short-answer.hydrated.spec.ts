import { expect, test } from "@playwright/test";
import { hydrated, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff write a short answer as a draft, preview it as the candidate sees it, and activate it", async ({ page }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);

  const stem = "中华人民共和国的国家机构实行什么原则？请结合宪法第三条作答。";
  const form = await staff.openAddQuestion();
  await form.getByLabel("题型").selectOption("short_answer");
  await form.getByLabel("题干").fill(stem);
  await form.getByLabel(/^正确答案/).fill("中华人民共和国的国家机构实行民主集中制的原则。");
  await form.getByLabel(/^评分要点/).fill("民主集中制的原则\n人民代表大会由民主选举产生，对人民负责，受人民监督\n其他国家机关由人民代表大会产生，对它负责，受它监督");
  await form.getByLabel("难度").selectOption("3");
  await form.getByLabel("法律").selectOption("constitution");
  await form.getByLabel("条", { exact: true }).fill("3");
  await form.getByLabel(/^存为草稿/).check();
  await form.getByRole("button", { name: "保存试题" }).click();
  await expect(form.getByRole("status")).toContainText("已添加试题");

  // Drafts are found with the status filter, marked as such, and not counted as in use.
  await page.goto("/staff/questions");
  await page.getByLabel("状态").selectOption("draft");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/status=draft/);
  const row = page.getByTestId("question-table").locator("tbody tr").filter({ hasText: stem });
  await expect(row).toContainText("草稿");
  await expect(row.getByRole("list", { name: "评分要点" }).getByRole("listitem")).toHaveCount(3);

  await row.getByRole("link", { name: "预览" }).click();
  const preview = page.getByTestId("candidate-preview");
  await expect(preview).toContainText("（简答题）");
  await expect(preview.getByRole("textbox")).toBeVisible();
  await expect(preview.getByRole("radio")).toHaveCount(0);
  await expect(page.getByTestId("staff-only")).toContainText("参考答案");
  await expect(page.getByTestId("staff-only")).toContainText("人民代表大会由民主选举产生");
  await expect(page.getByTestId("version")).toHaveText("1 / 草稿");
  if (screenshots) await page.screenshot({ path: `${screenshots}/question-preview-short-answer.png`, fullPage: true });

  await page.goto(`/staff/questions?status=draft&text=${encodeURIComponent("请结合宪法第三条作答")}`);
  await hydrated(page);  // the bulk form reports its result only when hydrated
  await page.getByTestId("question-table").getByRole("checkbox").first().check();
  await page.getByLabel("对勾选的试题").selectOption("activate");
  await page.getByRole("button", { name: "执行" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已处理 1" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("match-count")).toHaveText("符合条件 0 题");
  await page.goto(`/staff/questions?status=active&text=${encodeURIComponent("请结合宪法第三条作答")}`);
  await expect(page.getByTestId("match-count")).toHaveText("符合条件 1 题");
  expect(errors).toEqual([]);
});
