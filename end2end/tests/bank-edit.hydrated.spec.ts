import { expect, test } from "@playwright/test";
import { hydrated, StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff preview a question as the candidate sees it, edit it into version 2, and retire it", async ({ page }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const id = await staff.addQuestion({ kind: "true_false", stem: "县级以上地方各级人民代表大会常务委员会决定国家机关工作人员的任免。", options: [], key: "正确", article: "104" });

  await page.goto(`/staff/questions?text=${encodeURIComponent("决定国家机关工作人员的任免")}`);
  await page.getByRole("link", { name: "预览" }).first().click();
  await expect(page.getByTestId("candidate-preview")).toContainText("第1题");
  await expect(page.getByTestId("candidate-preview").getByRole("radio")).toHaveCount(2);
  await expect(page.getByTestId("staff-only")).toContainText("宪法第104条");
  if (screenshots) await page.screenshot({ path: `${screenshots}/question-preview.png`, fullPage: true });

  await page.getByRole("link", { name: "修改" }).click();
  const form = page.getByTestId("edit-question");
  await form.getByLabel("题干").fill("县级以上的地方各级人民代表大会常务委员会依照法律规定的权限决定国家机关工作人员的任免。");
  await form.getByLabel("修改原因（必填）").fill("按宪法原文完善表述");
  await form.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page).toHaveURL(/\/staff\/questions\/\d+\/preview$/);
  await expect(page.getByTestId("version")).toHaveText("2 / 在用");

  await page.goto(`/staff/questions/${id}/preview`);
  await expect(page.getByTestId("version")).toHaveText("1 / 已停用");

  await page.goto(`/staff/questions?text=${encodeURIComponent("依照法律规定的权限决定")}`);
  await hydrated(page);  // the bulk form reports its result only when hydrated
  await page.getByTestId("question-table").getByRole("checkbox").first().check();
  await page.getByLabel("对勾选的试题").selectOption("retire");
  await page.getByLabel("原因（停用时必填）").fill("演示停用");
  await page.getByRole("button", { name: "执行" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已处理 1" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("match-count")).toHaveText("符合条件 0 题");
  expect(errors).toEqual([]);
});
