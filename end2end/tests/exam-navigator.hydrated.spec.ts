import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, waitForHydration } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

/** Whether the page scrolls sideways. */
async function sideways(page: import("@playwright/test").Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

// Issue 19 item 7, at an office PC's 1366×768: the navigator stays in view, a jump by keyboard
// lands the question below the sticky bar and moves focus to it; the hand-in dialog counts the
// flagged and the unanswered, takes focus, keeps it and closes on Esc; 大字号 is a third
// larger and the page still fits.
test("the navigator jumps below the bar and moves focus; the hand-in dialog counts flags and holds focus; large text fits", async ({ page }, testInfo) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const run = Date.now().toString(36);
  const marker = `导航${run}`;
  const stems = Array.from({ length: 12 }, (_, i) => `${marker}第${i + 1}题：根据宪法，中华人民共和国的一切权力属于（ ）。`);
  const ids = await staff.importQuestions(testInfo.outputPath("navigator.csv"), stems, marker);
  await staff.createSitting(`导航测试${run}`, 8, 60, ids);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");
  await staff.logout();

  const candidate = new CandidatePages(page);
  await candidate.login(ticket, code);
  await page.getByTestId("start-exam").click();
  await waitForHydration(page);
  await expect(page.getByTestId("question")).toHaveCount(12);
  await candidate.choose(1, "人民");

  // The navigator stays in view at the end of the paper.
  const nav = page.getByTestId("navigator");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => nav.evaluate((n) => {
    const r = n.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  })).toBe(true);

  // By keyboard: Enter on 第9题 moves focus to question 9, shown below the bar, not under it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await nav.getByRole("link", { name: /^第9题/ }).focus();
  await page.keyboard.press("Enter");
  const ninth = page.locator("#q9");
  await expect(ninth).toBeFocused();
  await expect.poll(() => page.evaluate(() => {
    const bar = document.querySelector(".exam-bar")!.getBoundingClientRect();
    const q = document.getElementById("q9")!.getBoundingClientRect();
    return q.top >= bar.bottom && q.top < window.innerHeight;
  })).toBe(true);
  await ninth.getByTestId("flag").click();
  await expect(nav).toContainText("标记 1 题");

  // The hand-in dialog counts the flagged and the unanswered and takes the focus…
  await page.getByTestId("open-submit").click();
  const dialog = page.getByTestId("submit-dialog");
  await expect(dialog.getByTestId("flagged")).toHaveText("您标记了1题待查看：第9题");
  await expect(dialog.getByTestId("unanswered")).toContainText("还有11题未作答");
  await expect(page.getByTestId("keep-answering")).toBeFocused();
  if (screenshots) await page.screenshot({ path: `${screenshots}/exam-submit-dialog.png` });
  // …keeps it inside (Tab and Shift+Tab go round its two buttons)…
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("confirm-submit")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("keep-answering")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("confirm-submit")).toBeFocused();
  // …and Esc closes it, giving the focus back to 交卷.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("open-submit")).toBeFocused();

  // 大字号: at least a third larger, and the page still fits the screen.
  const stemSize = () => candidate.question(1).locator(".stem").evaluate((s) => parseFloat(getComputedStyle(s).fontSize));
  const normal = await stemSize();
  await page.getByRole("button", { name: "大字号" }).click();
  await expect.poll(stemSize).toBeGreaterThanOrEqual(normal * 1.3);
  expect(await sideways(page)).toBe(false);
  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await sideways(page)).toBe(false);
});
