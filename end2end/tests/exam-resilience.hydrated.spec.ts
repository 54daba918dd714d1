import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, waitForHydration } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("answers given offline are kept through a crash and sent when the connection returns; a clock an hour wrong shows the right time", async ({ page, browser }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const ids: number[] = [];
  ids.push(await staff.addQuestion({ kind: "true_false", stem: "离线测试：国家主席每届任期同全国人民代表大会每届任期相同。", options: [], key: "正确", article: "79" }));
  ids.push(await staff.addQuestion({ kind: "true_false", stem: "离线测试：国务院实行部长负责制。", options: [], key: "错误", article: "86" }));
  ids.push(await staff.addQuestion({ kind: "true_false", stem: "离线测试：中华人民共和国公民在法律面前一律平等。", options: [], key: "正确", article: "33" }));
  await staff.createSitting("断网与时钟测试", 10, 20, ids);
  const { ticket, code } = await staff.enrol("王建国", "11010519491231002X");

  // This computer's clock is an hour fast.
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await context.addInitScript(() => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + 3_600_000;
  });
  const exam = await context.newPage();
  const candidate = new CandidatePages(exam);
  await candidate.login(ticket, code);
  await exam.getByTestId("start-exam").click();
  await waitForHydration(exam);
  await expect(exam.getByTestId("countdown")).toHaveText(/^(1:00:00|59:\d\d)$/);
  await candidate.choose(1, "正确");

  // The connection drops: answers are kept in the browser and the page says so.
  await context.setOffline(true);
  await candidate.question(2).getByLabel("错误").check();
  await expect(exam.getByTestId("save-status")).toContainText("网络中断");
  if (screenshots) await exam.screenshot({ path: `${screenshots}/exam-offline.png` });
  // The browser crashes before the connection returns.
  await exam.close();
  await context.setOffline(false);

  const again = await context.newPage();
  const resumed = new CandidatePages(again);
  await again.goto("/exam");
  await waitForHydration(again);
  await expect(resumed.question(2).getByLabel("错误")).toBeChecked();
  await expect(again.getByTestId("save-status")).toHaveText("所有答案已保存");
  await resumed.choose(3, "正确");
  await expect(again.getByTestId("countdown")).toHaveText(/^(1:00:00|59:\d\d)$/);

  // The server holds all three: a fresh load shows them from the server alone.
  await again.evaluate(() => localStorage.clear());
  await again.reload();
  await waitForHydration(again);
  await expect(resumed.question(1).getByLabel("正确")).toBeChecked();
  await expect(resumed.question(2).getByLabel("错误")).toBeChecked();
  await expect(resumed.question(3).getByLabel("正确")).toBeChecked();
  await context.close();
});
