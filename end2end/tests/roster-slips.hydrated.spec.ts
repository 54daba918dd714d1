import { expect, test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { StaffPages, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

/** An 18-digit ID-card number with its GB 11643 check character. */
function idCard(n: number): string {
  const body = `3201021968${String(1010 + n).padStart(4, "0")}${String(100 + n).slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return body + "10X98765432"[sum % 11];
}

test("staff enrol a roster, print six admission slips to an A4 page, and print the sign-in sheet", async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const question = await staff.addQuestion({ kind: "true_false", stem: "国务院实行总理负责制。", options: [], key: "正确", article: "86" });
  await staff.createSitting("名单导入与准考证测试", 100, 60, [question]);
  const sittingUrl = page.url();

  await page.getByRole("link", { name: "从Excel名单导入考生" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载考生名单模板（Excel）" }).click();
  expect((await download).suggestedFilename()).toBe("renqian-roster-template.xlsx");

  // A broken roster first: nothing is enrolled and the row is named.
  const broken = testInfo.outputPath("broken.csv");
  writeFileSync(broken, `姓名,身份证号码\n甲,${idCard(1)}\n乙,${idCard(1)}\n`);
  await page.setInputFiles("input[type=file]", broken);
  await page.getByRole("button", { name: "上传并报名" }).click();
  await expect(page.getByTestId("roster-errors")).toHaveText("第3行 B列：身份证号码与第2行重复");

  const names = ["周建华", "吴晓梅", "郑国强", "王丽娟", "冯志远", "陈雅琴", "褚立新"];
  const roster = testInfo.outputPath("roster.csv");
  writeFileSync(roster, ["姓名,身份证号码,工作单位,拟任职务,提请机关,题库", ...names.map((n, i) => `${n},${idCard(i + 2)},江城市某局,副局长,市人民政府,政府`)].join("\n") + "\n");
  await page.setInputFiles("input[type=file]", roster);
  await page.getByRole("button", { name: "上传并报名" }).click();
  await expect(page).toHaveURL(/\/slips$/);
  await expect(page.getByTestId("slip")).toHaveCount(7);
  await expect(page.getByTestId("slip").first()).toContainText("周建华");
  await expect(page.getByTestId("slip").first().locator(".code")).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  await page.emulateMedia({ media: "print" });
  if (screenshots) await page.screenshot({ path: `${screenshots}/admission-slips-print.png`, fullPage: true });
  const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length, "7 slips at 6 a page make 2 A4 pages").toBe(2);
  await page.emulateMedia({ media: "screen" });

  await page.reload();
  await expect(page.getByTestId("slip")).toHaveCount(0);
  await expect(page.getByText("没有待打印的准考证")).toBeVisible();

  await page.goto(sittingUrl);
  await page.getByRole("link", { name: "打印签到表" }).click();
  const sheet = page.getByTestId("sign-in-sheet");
  await expect(sheet.locator("tbody tr")).toHaveCount(7);
  await expect(sheet).toContainText("江城市某局");
  await page.emulateMedia({ media: "print" });
  if (screenshots) await page.screenshot({ path: `${screenshots}/sign-in-sheet-print.png`, fullPage: true });
  expect(errors).toEqual([]);
});
