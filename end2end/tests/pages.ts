import { readFileSync } from "node:fs";
import { expect, Page, test } from "@playwright/test";
import { writeFileSync } from "node:fs";

/** "2026-11-22T14:00" in China Standard Time, `offsetMinutes` from now. */
export function cstInput(offsetMinutes: number): string {
  return new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** Collects console errors, page errors and failed responses, to assert none happened. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return errors;
}

/** Whether this test's browser runs JavaScript (the hydrated project) or not. */
function javaScript(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Waits until the page's wasm has hydrated it (any page: `hydrate()` marks the body). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

export async function waitForHydration(page: Page) {
  await expect(page.getByTestId("answer-sheet")).toHaveAttribute("data-hydrated", "true");
}

/** Downloads a fresh backup from the admin page's form with `reason`; checks it is a zip. */
export async function downloadBackup(page: Page, reason: string) {
  const form = page.getByTestId("download-backup");
  await form.getByLabel("原因").fill(reason);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "下载备份" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^renqian-download-[0-9T-]+\.zip$/);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(bytes.length).toBeGreaterThan(1000);
}

export class StaffPages {
  constructor(private page: Page) {}

  async login(username: string, password: string) {
    await this.page.goto("/login");
    await this.page.getByLabel("用户名").fill(username);
    await this.page.getByLabel("密码").fill(password);
    await this.page.getByRole("button", { name: "登录" }).click();
    // Markers start at the marking desk; everyone else at the sittings.
    await expect(this.page).toHaveURL(/\/staff\/(sittings|marking)$/);
  }

  async addQuestion(q: { kind: string; stem: string; options: string[]; key: string; article: string; law?: string }) {
    const form = await this.openAddQuestion();
    await form.getByLabel("题型").selectOption(q.kind);
    await form.getByLabel("题干").fill(q.stem);
    await form.getByLabel(/^选项/).fill(q.options.join("\n"));
    await form.getByLabel(/^正确答案/).fill(q.key);
    await form.getByLabel("法律").selectOption(q.law ?? "constitution");
    await form.getByLabel("条", { exact: true }).fill(q.article);
    await form.getByRole("button", { name: "保存试题" }).click();
    if (javaScript()) {
      // Saved before leaving the page (a navigation would cancel the request in flight).
      await expect(form.getByRole("status")).toContainText("已添加试题");
    } else {
      await expect(form.getByTestId("form-error")).toHaveCount(0);
    }
    // Find it through the bank's own filter (works with and without JavaScript).
    await this.page.goto(`/staff/questions?text=${encodeURIComponent(q.stem)}`);
    const row = this.page.getByTestId("question-table").locator("tbody tr").filter({ hasText: q.stem }).first();
    await expect(row).toBeVisible();
    return Number(await row.getByTestId("question-id").innerText());
  }

  /** Imports single-choice questions with these stems (a CSV written to `file`) through the
   * import page, as staff do; returns their ids, found by `marker` (a text every stem holds). */
  async importQuestions(file: string, stems: string[], marker: string): Promise<number[]> {
    const rows = stems.map((stem, i) => `通用,单选题,${stem},人民,国务院,法院,A,1,宪法,${2 + (i % 5)}`);
    writeFileSync(file, ["题库,题型,题干,选项A,选项B,选项C,答案,难度,法律,条", ...rows].join("\n") + "\n");
    await this.page.goto("/staff/questions/import");
    await this.page.setInputFiles("input[type=file]", file);
    await this.page.getByRole("button", { name: "上传并校验" }).click();
    await expect(this.page.getByTestId("import-summary")).toContainText(`新题 ${stems.length}`);
    await this.page.getByTestId("commit-import").click();
    await expect(this.page.getByTestId("imported")).toContainText(`新增${stems.length}道`);
    await this.page.goto(`/staff/questions?text=${encodeURIComponent(marker)}`);
    const cells = this.page.getByTestId("question-table").getByTestId("question-id");
    await expect(cells).toHaveCount(Math.min(stems.length, 50));
    return (await cells.allInnerTexts()).map((t) => Number(t.trim()));
  }

  /** Opens the bank page's (collapsed) add-question form. */
  async openAddQuestion() {
    await this.page.goto("/staff/questions");
    // With JavaScript the form reports what it saved once the page is interactive.
    if (javaScript()) await this.page.waitForLoadState("networkidle");
    await this.page.getByText("添加试题", { exact: true }).click();
    const form = this.page.getByTestId("add-question");
    await expect(form).toBeVisible();
    return form;
  }

  /** Creates a sitting open now with the given questions (or every one), schedules and
   * opens it as staff do on the day; leaves its page open. */
  async createSitting(title: string, pointsEach: number, passMark: number, questionIds?: number[]) {
    await this.submitSitting(title, pointsEach, passMark, questionIds);
    await expect(this.page).toHaveURL(/\/staff\/sittings\/\d+$/);
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(title);
    await this.changeState("发布考试", "已发布");
    await this.changeState("开考", "考试中");
  }

  /** Fills in and submits the new-sitting form (a fixed paper, open from now). */
  async submitSitting(title: string, pointsEach: number, passMark: number, questionIds?: number[]) {
    await this.page.goto("/staff/sittings");
    await this.page.getByText("新建考试场次").click();
    const form = this.page.getByTestId("create-sitting");
    await form.getByLabel("考试名称").fill(title);
    await form.getByLabel("考场").fill("机关三楼考场");
    await form.getByLabel(/^开考时间/).fill(cstInput(-5));
    await form.getByLabel("截止时间").fill(cstInput(120));
    await form.getByLabel("考试时长（分钟）").fill("60");
    await form.getByLabel("组卷方式").selectOption("fixed");
    await form.getByLabel("每题分值（固定试题时）").fill(String(pointsEach));
    await form.getByLabel("及格分").fill(String(passMark));
    if (questionIds) {
      for (const id of questionIds) await form.locator(`input[name="question_ids[${id}]"]`).check();
    } else {
      for (const box of await form.getByRole("checkbox").all()) await box.check();
    }
    await form.getByRole("button", { name: "创建考试场次" }).click();
  }

  /** Sets which region's local regulations the exam rules apply ("无" or "重庆市") and
   * checks the rules page shows it after a reload. */
  async setLocalRegulations(region: string) {
    await this.page.goto("/staff/rules");
    if (javaScript()) await hydrated(this.page);
    const form = this.page.getByTestId("rules-form");
    await form.getByLabel(/^适用的地方性法规/).selectOption({ label: region });
    await form.getByLabel(/^修改原因/).fill("适用本地地方性法规");
    await form.getByRole("button", { name: "保存规则" }).click();
    if (javaScript()) await expect(this.page.getByTestId("rules-saved")).toBeVisible();
    else await expect(this.page.getByTestId("form-error")).toHaveCount(0);
    await this.page.goto("/staff/rules");
    await expect(this.page.getByTestId("rules-form").getByLabel(/^适用的地方性法规/).locator("option:checked")).toHaveText(region);
  }

  /** Presses a state button on the sitting page (an irreversible one through its confirm
   * step) and waits for the new state. */
  async changeState(button: string, state: string) {
    const panel = this.page.getByTestId("state-panel");
    const step = panel.getByTestId("confirm-step").filter({ hasText: `${button}…` });
    if (await step.count()) {
      await step.locator("summary").click();
      await step.getByRole("button", { name: `确认${button}` }).click();
    } else {
      await panel.getByRole("button", { name: button }).click();
    }
    await expect(panel.getByTestId("sitting-state")).toHaveText(state);
  }

  /** Enrols a candidate on the open sitting page; returns the ticket number and access code. */
  async enrol(name: string, idCard: string): Promise<{ ticket: string; code: string }> {
    const form = this.page.getByTestId("enrol-form");
    await form.getByLabel("姓名").fill(name);
    await form.getByLabel("身份证号码").fill(idCard);
    await form.getByRole("button", { name: "报名并生成准考证" }).click();
    const issued = this.page.getByTestId("issued-ticket");
    await expect(issued).toContainText(name);
    return {
      ticket: (await issued.getByTestId("ticket-number").innerText()).trim(),
      code: (await issued.getByTestId("access-code").innerText()).trim(),
    };
  }

  async logout() {
    await this.page.getByRole("button", { name: "退出登录" }).click();
    await expect(this.page).toHaveURL(/\/$/);
  }
}

export class CandidatePages {
  constructor(private page: Page) {}

  async login(ticket: string, code: string) {
    await this.page.goto("/exam/login");
    await this.page.getByLabel("准考证号或身份证号").fill(ticket);
    await this.page.getByLabel("访问码").fill(code);
    await this.page.getByRole("button", { name: "进入考试" }).click();
    await expect(this.page).toHaveURL(/\/exam$/);
  }

  question(number: number) {
    return this.page.getByTestId("question").nth(number - 1);
  }

  /** Chooses an option (by its visible label) and waits until the server acknowledged it.
   * (The options stay disabled until the page can save, and `check` waits for that.) */
  async choose(number: number, label: string | RegExp) {
    const q = this.question(number);
    await q.getByLabel(label).check();
    await expect(q.locator(".qstate .badge")).toHaveText("已保存");
  }
}
