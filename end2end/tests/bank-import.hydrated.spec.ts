import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff download the template, import it, and a broken file is refused row by row with nothing added", async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await new StaffPages(page).login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.goto("/staff/questions");
  const before = Number((await page.getByTestId("bank-counts").locator("figcaption").first().innerText()).match(/(\d+)/)![1]);

  await page.getByRole("link", { name: "导入试题" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载导入模板（Excel）" }).click();
  const template = testInfo.outputPath("template.xlsx");
  await (await download).saveAs(template);

  await page.setInputFiles("input[type=file]", template);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("新题 4");
  await expect(page.getByTestId("added-rows")).toContainText("地方各级人民代表大会每届任期五年。");
  if (screenshots) await page.screenshot({ path: `${screenshots}/import-preview.png`, fullPage: true });
  await page.getByTestId("commit-import").click();
  await expect(page).toHaveURL(/\/staff\/questions$/);
  await expect(page.getByTestId("bank-counts").locator("figcaption").first()).toContainText(`（${before + 4}题）`);
  if (screenshots) await page.screenshot({ path: `${screenshots}/bank-list.png`, fullPage: false });

  // A corrected row for a question already in the bank (same text) is a change, not a duplicate.
  const corrected = testInfo.outputPath("corrected.csv");
  writeFileSync(corrected, "题库,题型,题干,答案,解析,难度,法律,条,标签\n人大,判断题,地方各级人民代表大会每届任期五年。,正确,依据《宪法》第九十八条。,2,宪法,98,任期\n");
  await page.goto("/staff/questions/import");
  await page.setInputFiles("input[type=file]", corrected);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("修改 1");
  await expect(page.getByTestId("changed-rows")).toContainText("难度");
  if (screenshots) await page.screenshot({ path: `${screenshots}/import-changed.png`, fullPage: true });
  await page.getByTestId("commit-import").click();
  await expect(page).toHaveURL(/\/staff\/questions$/);
  await page.goto(`/staff/questions?text=${encodeURIComponent("每届任期五年")}`);
  await page.getByRole("link", { name: "预览" }).first().click();
  await expect(page.getByTestId("version")).toHaveText("2 / 在用");

  const broken = testInfo.outputPath("broken.csv");
  writeFileSync(broken, "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条\n通用,单选题,一道好题（ ）。,甲,乙,丙,A,,1,宪法,1\n通用,单选题,有两个答案的单选题（ ）。,甲,乙,丙,AB,,2,宪法,2\n");
  await page.goto("/staff/questions/import");
  await page.setInputFiles("input[type=file]", broken);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("rejections")).toHaveText("第3行 G列：单选题必须恰好有一个正确答案，当前为2个");
  await expect(page.getByTestId("commit-import")).toHaveCount(0);
  if (screenshots) await page.screenshot({ path: `${screenshots}/import-rejected.png`, fullPage: true });
  await page.goto("/staff/questions?text=一道好题");
  await expect(page.getByTestId("match-count")).toHaveText("符合条件 0 题");
  expect(errors).toEqual([]);
});
