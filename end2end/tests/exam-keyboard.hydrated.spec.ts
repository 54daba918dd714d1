import { expect, Page, test } from "@playwright/test";
import { CandidatePages, StaffPages, waitForHydration } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

/** Presses Tab (or Shift+Tab, `back`) until the focused element matches, as a keyboard
 * user would. */
async function tabTo(page: Page, matches: (el: Element) => boolean, why: string, back = false) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const ok = await page.evaluate(`(${matches.toString()})(document.activeElement)`);
    if (ok) return;
  }
  throw new Error(`Tab never reached ${why}`);
}

test("a candidate completes the exam with the keyboard alone, one question at a time, with the navigator", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const ids: number[] = [];
  ids.push(await staff.addQuestion({ kind: "single_choice", stem: "键盘测试：国家的根本任务是（ ）。", options: ["沿着中国特色社会主义道路，集中力量进行社会主义现代化建设", "发展旅游"], key: "A", article: "1" }));
  ids.push(await staff.addQuestion({ kind: "true_false", stem: "键盘测试：中华人民共和国的一切权力属于人民。", options: [], key: "正确", article: "2" }));
  await staff.createSitting("键盘作答测试", 50, 50, ids);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  await staff.logout();

  const candidate = new CandidatePages(page);
  await candidate.login(ticket, code);
  await tabTo(page, (el) => el.getAttribute("data-testid") === "start-exam", "the start button");
  await page.keyboard.press("Enter");
  await waitForHydration(page);

  // One question at a time.
  await tabTo(page, (el) => el.getAttribute("data-testid") === "one-at-a-time", "the one-at-a-time switch");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("question").nth(1)).toBeHidden();
  // Question 1: the first choice, by Tab and Space.
  await tabTo(page, (el) => (el as HTMLInputElement).type === "radio", "the first choice");
  await page.keyboard.press("Space");
  await expect(candidate.question(1).locator(".qstate")).toContainText("已保存");
  // Flag it, then go on.
  await tabTo(page, (el) => el.getAttribute("data-testid") === "flag", "the flag button");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("navigator")).toContainText("已答 1 题，未答 1 题，标记 1 题");
  await tabTo(page, (el) => el.getAttribute("data-testid") === "next", "the next button");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("question").nth(1)).toBeVisible();
  await tabTo(page, (el) => (el as HTMLInputElement).type === "radio" && el.closest("[data-testid=question]") === document.querySelectorAll("[data-testid=question]")[1], "question 2");
  await page.keyboard.press("Space");
  await expect(candidate.question(2).locator(".qstate")).toContainText("已保存");
  if (screenshots) await page.screenshot({ path: `${screenshots}/exam-navigator.png` });

  // Hand in: the dialog lists nothing unanswered.
  await tabTo(page, (el) => el.getAttribute("data-testid") === "open-submit", "the hand-in button", true);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("submit-dialog")).toContainText("全部2题均已作答");
  await tabTo(page, (el) => el.getAttribute("data-testid") === "confirm-submit", "the confirm button");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("exam-finished")).toContainText("您已交卷");
});
