import { expect, test } from "@playwright/test";
import { StaffPages, watchErrors } from "./pages";

// A question on Chongqing's regulations carries its region in the bank and goes into papers
// only where the exam rules apply Chongqing's regulations. (Named to run after
// practice.hydrated, which reads the published rules: saving the rules here gives the test
// city rules of its own.)
test("a question on a local regulation shows its region and enters a paper only where the rules apply it", async ({ page }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await staff.setLocalRegulations("无");
  const stem = "地方法规测试：单独宣誓时，宣誓人应当左手抚按宪法、右手举拳。";
  const question = await staff.addQuestion({ kind: "true_false", stem, options: [], key: "正确", article: "10", law: "chongqing-oath-measures" });
  const row = page.getByTestId("question-table").locator("tbody tr").filter({ hasText: stem });
  await expect(row.getByTestId("local-badge")).toHaveText("地方：重庆市");

  await staff.submitSitting("地方法规固定试题场次", 100, 60, [question]);
  await expect(page.getByTestId("form-error")).toContainText(`试题 #${question} 依据重庆市的地方性法规（重庆市宪法宣誓实施办法）`);

  await staff.setLocalRegulations("重庆市");
  await staff.createSitting("地方法规固定试题场次", 100, 60, [question]);
  await staff.setLocalRegulations("无");
  // The one refusal above is a 422 the browser logs; nothing else went wrong.
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});
