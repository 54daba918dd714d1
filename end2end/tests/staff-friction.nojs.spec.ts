import { expect, test } from "@playwright/test";
import { StaffPages } from "./pages";

// Issue 19, staff friction part A, with JavaScript off: plain form posts throughout.
test("with JavaScript off, a refusal comes back beside its form, slips are printed, and closing asks first", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "无脚本准考证测试：宪法是国家的根本法。", options: [], key: "正确", article: "5" });
  await staff.createSitting("无脚本准考证测试场次", 100, 60, [question]);

  // The refused post comes back to the form it was made from, and the address scrolls there.
  const form = page.getByTestId("enrol-form");
  await form.getByLabel("姓名").fill("褚立新");
  await form.getByLabel("身份证号码").fill("12345");
  await form.getByRole("button", { name: "报名并生成准考证" }).click();
  await expect(page).toHaveURL(/#refusal$/);
  await expect(form.getByTestId("form-error")).toBeVisible();
  await expect(page.locator("#refusal")).toBeInViewport();

  await staff.enrol("褚立新", "320102196810131011");
  await staff.enrol("陈雅琴", "320102196810141017");
  await expect(page.getByTestId("slips-missing")).toContainText("2名考生的准考证尚未打印");
  await page.getByTestId("print-slips").click();
  await expect(page.getByTestId("slip")).toHaveCount(2);
  await page.getByRole("link", { name: "返回考试场次" }).click();
  await expect(page.getByTestId("slips-missing")).toHaveCount(0);

  // The confirm step is a native disclosure: it works without JavaScript too.
  const panel = page.getByTestId("state-panel");
  const close = panel.getByTestId("confirm-step");
  await close.getByText("结束考试…").click();
  await expect(close).toContainText("此操作不能撤销");
  await close.getByRole("button", { name: "确认结束考试" }).click();
  await expect(panel.getByTestId("sitting-state")).toHaveText("已结束");
});
