import { expect, test } from "@playwright/test";
import { StaffPages } from "./pages";

// Issue 19 item 10 with JavaScript off: an import says what it wrote; the bank lists 50 a
// page with plain page links that keep the filters; the add form is at the top of the page.
test("with JavaScript off, the bank pages through its questions with the filters kept, and the add form is at the top", async ({ page }, testInfo) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const marker = `分页${Date.now().toString(36)}`;
  const stems = Array.from({ length: 60 }, (_, i) => `${marker}第${i + 1}题：中华人民共和国的一切权力属于（ ）。`);
  const firstPage = await staff.importQuestions(testInfo.outputPath("paging.csv"), stems, marker);
  expect(firstPage).toHaveLength(50);

  await page.goto(`/staff/questions?bank=common&text=${encodeURIComponent(marker)}`);
  // The add form comes before the counts, filters and list (folded until opened).
  const order = await page.evaluate(() => {
    const add = document.querySelector("[data-testid=add-question]")!;
    const list = document.querySelector("[data-testid=question-table]")!;
    return add.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  await expect(page.getByTestId("match-count")).toHaveText("符合条件 60 题");
  const pager = page.getByTestId("bank-pager").first();
  await expect(pager).toContainText("第 1/2 页，每页 50 题");
  await pager.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(new RegExp(`bank=common&text=${encodeURIComponent(marker)}&page=2$`));
  const rows = page.getByTestId("question-table").getByTestId("question-id");
  await expect(rows).toHaveCount(10);
  const second = (await rows.allInnerTexts()).map((t) => Number(t.trim()));
  expect(second.some((id) => firstPage.includes(id))).toBe(false);
  await expect(page.getByLabel("关键词或标签")).toHaveValue(marker);
  await page.getByTestId("bank-pager").first().getByRole("link", { name: "第1页" }).click();
  await expect(rows).toHaveCount(50);
});
