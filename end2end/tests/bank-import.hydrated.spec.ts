import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff download the template, whose examples never import, import their own file, and a broken file is refused row by row with nothing added", async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await new StaffPages(page).login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.goto("/staff/questions");
  const before = Number((await page.getByTestId("bank-counts").locator("figcaption").first().innerText()).match(/(\d+)/)![1]);

  await page.getByRole("link", { name: "导入试题" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载导入模板（Excel）" }).click();
  const template = testInfo.outputPath("template.xlsx");
  await (await download).saveAs(template);

  // The template as downloaded holds only its marked examples: nothing to import, and why.
  await page.setInputFiles("input[type=file]", template);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("file-error")).toContainText("示例不会导入");
  await expect(page.getByTestId("commit-import")).toHaveCount(0);

  const own = testInfo.outputPath("own.csv");
  writeFileSync(own, "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条,款,标签,评分要点\n" +
    "通用,单选题,【示例】这一行是模板的示例,甲,乙,丙,A,,1,宪法,1,,,\n" +
    "通用,单选题,中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,依据《宪法》第二条,1,宪法,2,,总纲,\n" +
    "通用,多选题,根据宪法第三十三条，下列说法正确的有（ ）。,中华人民共和国公民在法律面前一律平等,国家尊重和保障人权,公民只享有权利，不必履行义务,AB,,2,宪法,33,,公民权利,\n" +
    "人大,判断题,地方各级人民代表大会每届任期五年。,,,,正确,依据《宪法》第九十八条。,1,宪法,98,,任期,\n" +
    "通用,简答题,国家机构实行什么原则？请简述。,,,,国家机构实行民主集中制的原则。,,3,宪法,3,,国家机构,\"民主集中制\n对人民负责，受人民监督\"\n");
  await page.goto("/staff/questions/import");
  await page.setInputFiles("input[type=file]", own);
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("新题 4");
  await expect(page.getByTestId("added-rows")).toContainText("地方各级人民代表大会每届任期五年。");
  await expect(page.getByTestId("added-rows")).not.toContainText("示例");
  if (screenshots) await page.screenshot({ path: `${screenshots}/import-preview.png`, fullPage: true });
  await page.getByTestId("commit-import").click();
  // Back at the bank, which says what was imported, by bank and type.
  await expect(page).toHaveURL(/\/staff\/questions\?imported=\d+$/);
  await expect(page.getByTestId("imported")).toHaveText("已导入“own.csv”：新增4道、修改0道试题（通用单选题1道、通用多选题1道、通用简答题1道、人大判断题1道），重复的0道已跳过。");
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
  await expect(page.getByTestId("imported")).toContainText("修改1道");
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
