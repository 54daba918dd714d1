import { expect, Page } from "@playwright/test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StaffPages } from "./pages";

const MARK = "（本条已修改）";

/** Walks the law-version review as staff do: two questions on articles `articles` of `law`,
 * a newer text of it changing both loaded through the form, both held for review (side by
 * side, with the bank's badge), one confirmed, one revised. The same steps with and without
 * JavaScript, each on a law of its own (a newer text is compared with the one in force, so two
 * walks on one law would also hold each other's questions). */
export async function walkReview(page: Page, law: string, articles: [string, string], headings: [string, string], tag: string) {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const stems = articles.map((a) => `${tag}：本题依据第${a}条。`);
  const ids: number[] = [];
  for (const [i, article] of articles.entries()) {
    ids.push(await staff.addQuestion({ kind: "true_false", stem: stems[i], options: [], key: "正确", article, law }));
  }

  // The new text: the shipped one with both articles reworded.
  const text = readFileSync(join(__dirname, `../../question-bank/statutes/${law}.md`), "utf8")
    .split("\n")
    .map((line) => (headings.some((h) => line.startsWith(`${h} `)) ? line + MARK : line))
    .join("\n");
  const file = join(mkdtempSync(join(tmpdir(), "statute-")), `${law}.md`);
  writeFileSync(file, text);

  await page.goto("/staff/questions/review");
  await page.getByText("载入新版本法律文本", { exact: true }).click();
  const form = page.getByTestId("load-statute");
  const option = await form.locator(`option[value="${law}"]`).innerText();
  const current = Number(option.match(/现行(\d{4})-/)![1]);
  const version = `${current + 1}-01-01`;
  await form.getByRole("combobox", { name: "法律" }).selectOption(law);
  await form.getByLabel("版本日期").fill(version);
  await form.getByLabel("法律文本（.md）").setInputFiles(file);
  await form.getByRole("button", { name: "载入并比对" }).click();
  await expect(page.getByTestId("statute-loaded")).toHaveText(`已载入${option.split("（")[0]}的${version}版文本，2道试题待复核。`);

  for (const [i, heading] of headings.entries()) {
    const item = page.getByTestId("review-item").filter({ hasText: stems[i] });
    await expect(item.getByTestId("old-article")).toContainText(`${heading} `);
    await expect(item.getByTestId("old-article")).not.toContainText(MARK);
    await expect(item.getByTestId("new-article")).toContainText(`${heading} `);
    await expect(item.getByTestId("new-article")).toContainText(MARK);
  }

  // The bank's filter 待复核 lists them, each with its badge.
  await page.goto(`/staff/questions?status=review&text=${encodeURIComponent(tag)}`);
  const rows = page.getByTestId("question-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId("needs-review")).toHaveCount(2);

  // Confirm the first: it leaves the list.
  await page.goto("/staff/questions/review");
  const first = page.getByTestId("review-item").filter({ hasText: stems[0] });
  await first.getByLabel("确认理由").fill("修改未涉及本题考查的内容");
  await first.getByRole("button", { name: "确认仍然正确" }).click();
  await expect(page.getByTestId("review-item").filter({ hasText: stems[0] })).toHaveCount(0);

  // Revise the second into a new version.
  await page.getByTestId("review-item").filter({ hasText: stems[1] }).getByTestId("revise-review").click();
  await expect(page).toHaveURL(new RegExp(`/staff/questions/${ids[1]}/edit$`));
  const edit = page.getByTestId("edit-question");
  await edit.getByLabel("题干").fill(`${stems[1]}（已按新文本修改）`);
  await edit.getByLabel("修改原因（必填）").fill("按新文本修改");
  await edit.getByRole("button", { name: "保存为新版本" }).click();
  await expect(page).toHaveURL(/\/staff\/questions\/\d+\/preview$/);

  await page.goto(`/staff/questions?status=review&text=${encodeURIComponent(tag)}`);
  await expect(page.getByTestId("question-table").locator("tbody tr")).toHaveCount(0);
}
