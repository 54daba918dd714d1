import { expect, Page, test } from "@playwright/test";
import { hydrated, StaffPages } from "./pages";

/** The width the page would scroll to and the window's, for the message of a failure. */
async function widths(page: Page) {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));
}

/** How many lines the text of `cell` takes. */
async function lines(page: Page, cell: import("@playwright/test").Locator) {
  return cell.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el.querySelector("a") ?? el);
    return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
  });
}

// Issue 19 item 8: office screens are 1366×768 (and 1920×1080). The main staff pages never
// scroll sideways, in Chinese or in English, and the sitting page keeps each name on one line.
test("the main staff pages fit 1366×768 and 1920×1080 without sideways scrolling, in both languages", async ({ page }) => {
  test.setTimeout(420_000);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const run = Date.now().toString(36);
  const id = await staff.addQuestion({ kind: "single_choice", stem: `版面测试${run}：中华人民共和国的一切权力属于（ ）。`, options: ["人民", "国务院"], key: "A", article: "2" });
  await staff.createSitting(`版面测试${run}（2026年第五次任前法律知识考试）`, 100, 60, [id]);
  const sitting = new URL(page.url()).pathname;
  await staff.enrol("欧阳建国", "110105197002020035");
  await staff.enrol("王芳", "110105198001010016");

  const paths = [
    "/staff/sittings", sitting, `${sitting}/console`, "/staff/questions", "/staff/questions/import",
    "/staff/marking", "/staff/nominations", "/staff/meetings", "/staff/oaths", "/staff/appointment-stats",
    "/staff/analysis", "/staff/rules", "/staff/admin", "/staff/audit",
  ];
  for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    for (const lang of ["zh", "en"]) {
      await page.goto(`/lang/${lang}`);
      for (const path of paths) {
        await page.goto(path);
        await hydrated(page);
        const w = await widths(page);
        expect(w.scroll, `${size.width}px ${lang} ${path}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(w.window);
      }
      await page.goto(sitting);
      for (const row of await page.getByTestId("candidate-row").all()) {
        expect(await lines(page, row.locator("td").nth(1)), `${size.width}px ${lang}: a name on one line`).toBe(1);
      }
    }
  }
  await page.goto("/lang/zh");
});
