import { expect, test } from "@playwright/test";
import { CandidatePages, StaffPages, cstInput, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

test("staff walk a nominee from nomination through the exam, the vote, the certificate and the oath, and print the certificate and the statistics", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  const name = "司马光明";
  const post = "测试市交通运输局局长";
  const question = await staff.addQuestion({ kind: "true_false", stem: "任免测试：国家机构实行民主集中制的原则。", options: [], key: "正确", article: "3" });
  await staff.createSitting("任免测试考试", 100, 60, [question]);
  const sittingUrl = page.url();

  // The nomination, by form: the gate is closed until the nominee passes.
  await page.goto("/staff/nominations");
  await page.getByText("登记提请任命").click();
  const form = page.getByTestId("nomination-form");
  await form.getByLabel("姓名").fill(name);
  await form.getByLabel("身份证号码").fill("110105197001010038");
  await form.getByLabel("现工作单位及职务").fill("测试市交通运输局副局长");
  await form.getByLabel("拟任职务").fill(post);
  await form.getByLabel("提请机关").selectOption("government");
  await form.getByLabel("提请文号").fill("测府文〔2026〕7号");
  await form.getByRole("button", { name: "登记" }).click();
  await expect(page).toHaveURL(/\/staff\/nominations\/\d+$/);
  const nominationUrl = page.url();
  await expect(page.getByTestId("gate")).toContainText("没有有效的任前法律知识考试合格记录");

  // Enrolled straight from the list: the slips carry the access code.
  await page.goto("/staff/nominations");
  const row = page.getByTestId("nominations").locator("tr").filter({ hasText: name });
  await row.getByRole("checkbox").check();
  const sittingOption = await page.locator("select[name=sitting_id] option", { hasText: "任免测试考试" }).getAttribute("value");
  await page.getByLabel("报名参加考试场次").selectOption(sittingOption!);
  await page.getByRole("button", { name: "报名并生成准考证" }).click();
  await expect(page).toHaveURL(/\/slips$/);
  const slip = page.getByTestId("slip").filter({ hasText: name });
  const ticket = (await slip.locator("dd.mono").first().innerText()).trim();
  const code = (await slip.locator(".code").innerText()).trim();

  const candidatePage = await browser.newPage();
  const candidate = new CandidatePages(candidatePage);
  await candidate.login(ticket, code);
  await candidatePage.getByTestId("start-exam").click();
  await candidate.choose(1, "正确");
  await candidatePage.getByTestId("open-submit").click();
  await candidatePage.getByTestId("confirm-submit").click();
  await expect(candidatePage.getByTestId("exam-finished")).toContainText("您已交卷");
  await candidatePage.close();

  await page.goto(sittingUrl);
  await staff.changeState("结束考试", "已结束");
  await page.getByTestId("open-report").click();
  await page.waitForLoadState("networkidle");
  await page.getByTestId("publish-form").getByLabel("发布说明").fill("经审核无误");
  await page.getByTestId("publish-form").getByRole("button", { name: "发布成绩" }).click();
  await expect(page.getByTestId("published")).toBeVisible();

  // The meeting, then the agenda: the pass record opens the gate.
  await page.goto("/staff/meetings");
  const meetingTitle = "测试市人大常委会第八次会议";
  await page.getByTestId("meeting-form").getByLabel("会议名称").fill(meetingTitle);
  await page.getByTestId("meeting-form").getByLabel("会议日期").fill(cstInput(0).slice(0, 10));
  await page.getByTestId("meeting-form").getByRole("button", { name: "添加会议" }).click();
  await expect(page.getByTestId("meetings")).toContainText(meetingTitle);

  await page.goto(nominationUrl);
  await expect(page.getByTestId("gate")).toContainText("考试合格");
  await page.waitForLoadState("networkidle");
  const meetingOption = await page.getByTestId("agenda-form").locator("option", { hasText: meetingTitle }).getAttribute("value");
  await page.getByTestId("agenda-form").getByLabel("会议").selectOption(meetingOption!);
  await page.getByTestId("agenda-form").getByRole("button", { name: "列入议程" }).click();
  await expect(page.getByTestId("nomination-status")).toHaveText("已列入议程");
  await page.getByTestId("statement-form").getByLabel("任前表态发言").selectOption("made");
  await page.getByTestId("statement-form").getByRole("button", { name: "记录表态发言" }).click();
  await expect(page.getByTestId("statement")).toHaveText("已作表态发言");
  const vote = page.getByTestId("vote-form");
  await vote.getByLabel("赞成").fill("30");
  await vote.getByLabel("反对").fill("2");
  await vote.getByLabel("弃权").fill("1");
  await vote.getByLabel("组成人员").fill("45");
  await vote.getByRole("button", { name: "记录表决结果" }).click();
  await expect(page.getByTestId("nomination-status")).toHaveText("已任命");
  await expect(page.getByTestId("oath-status")).toContainText("待宣誓");
  const certificate = page.getByTestId("certificate-form");
  await certificate.getByLabel("任命书编号").fill("测人常任〔2026〕8号");
  await certificate.getByLabel("署名（常委会主任）").fill("赵主任");
  await certificate.getByRole("button", { name: "登记" }).click();
  await expect(page.getByTestId("certificate-number")).toHaveText("测人常任〔2026〕8号");
  if (screenshots) await page.screenshot({ path: `${screenshots}/nomination.png`, fullPage: true });

  await page.getByTestId("print-certificate").click();
  await expect(page.getByTestId("certificate")).toContainText(`任命${name}为${post}。`);
  await expect(page.getByTestId("certificate")).toContainText("主任　赵主任");
  if (screenshots) {
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${screenshots}/certificate-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
  }

  // The oath: individual, recorded with its place and time.
  await page.goto("/staff/oaths");
  const waiting = page.getByTestId("waiting").locator("tr").filter({ hasText: name });
  await expect(waiting.getByTestId("oath-deadline")).toContainText("待宣誓");
  await waiting.getByRole("checkbox").check();
  const oath = page.getByTestId("oath-form");
  await oath.getByLabel("宣誓形式").selectOption("individual");
  await oath.getByLabel("宣誓地点").fill("测试市人大常委会会议厅");
  await oath.getByLabel("宣誓时间").fill(cstInput(0));
  await oath.getByRole("button", { name: "记录宣誓" }).click();
  await expect(page.getByTestId("ceremonies")).toContainText(name);

  // The board says nothing is missing; the statistics count the appointment and the oath.
  await page.goto("/staff/meetings");
  await page.getByTestId("meetings").locator("tr").filter({ hasText: meetingTitle }).getByRole("link", { name: "议程看板" }).click();
  await expect(page.getByTestId("board").locator("tr").filter({ hasText: name }).getByTestId("lacks")).toHaveText("齐备");
  if (screenshots) await page.screenshot({ path: `${screenshots}/meeting-board.png`, fullPage: true });

  await page.goto("/staff/appointment-stats");
  const total = page.getByTestId("stats-total");
  await expect(total).toContainText("合计");
  await expect(page.getByTestId("stats")).toContainText("测试市人大常委会");
  if (screenshots) {
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: `${screenshots}/appointment-stats-print.png`, fullPage: true });
    await page.emulateMedia({ media: "screen" });
  }

  // The person's timeline runs from the nomination to the oath.
  await page.goto(nominationUrl);
  await page.getByRole("link", { name: "考试与任免记录" }).click();
  const timeline = page.getByTestId("timeline");
  for (const step of ["提请任命为", "合格", "列入", "表态发言", "表决通过", "颁发任命书", "单独宣誓"]) {
    await expect(timeline).toContainText(step);
  }
  if (screenshots) await page.screenshot({ path: `${screenshots}/person-timeline.png`, fullPage: true });
  expect(errors).toEqual([]);
});
