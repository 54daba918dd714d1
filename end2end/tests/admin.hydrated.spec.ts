import { expect, test } from "@playwright/test";
import { StaffPages, downloadBackup, hydrated, watchErrors } from "./pages";

const screenshots = process.env.UPDATE_SCREENSHOTS ? "../docs/screenshots" : null;

// 管理 in a hydrated browser: a district, an account with a password shown once, a reset,
// a refusal naming what is wrong, and disabling that ends the account's live session.
test("an administrator creates a district and an account, resets its password and disables it, ending its session", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const run = Date.now().toString(36);
  const district = `测试管理区${run}`;
  const login = `adm-h-${run}`;
  await new StaffPages(page).login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole("link", { name: "管理" }).click();
  await expect(page).toHaveURL(/\/staff\/admin$/);
  await hydrated(page);

  await page.locator("summary", { hasText: "新建区县" }).click();
  const districtForm = page.getByTestId("create-district");
  await districtForm.getByLabel("代码").fill(`H${run}`);
  await districtForm.getByLabel("名称").fill(district);
  await districtForm.getByRole("button", { name: "新建区县" }).click();
  await expect(page.getByTestId("jurisdictions")).toContainText(district);

  // A login too short is refused with what is wrong, and no account is made.
  const accountForm = page.getByTestId("create-account");
  // No role is granted by default: the list asks for a choice.
  await expect(accountForm.getByLabel("角色")).toHaveValue("");
  await accountForm.getByLabel("角色").selectOption("staff");
  await accountForm.getByLabel("姓名").fill("管理测试员");
  await accountForm.getByLabel("登录名").fill("ab");
  await accountForm.getByRole("button", { name: "新建并生成密码" }).click();
  await expect(page.getByTestId("form-error")).toContainText("登录名须为 3 至 64 个");

  await accountForm.getByLabel("登录名").fill(login);
  await accountForm.getByLabel("行政区").selectOption({ label: district });
  await accountForm.getByRole("button", { name: "新建并生成密码" }).click();
  await expect(page.getByTestId("issued-username")).toHaveText(login);
  const first = (await page.getByTestId("issued-secret").textContent())!.trim();
  const row = page.getByTestId("staff-row").filter({ hasText: login });
  await expect(row).toContainText(district);

  // Reset: one form for it, the account chosen by name, one reason box; a new password, shown once.
  const account = `管理测试员（${login}）`;
  const reset = page.getByTestId("reset-password");
  await reset.getByLabel("账号").selectOption({ label: account });
  await reset.getByLabel("原因").fill("忘记密码");
  await reset.getByRole("button", { name: "重置密码" }).click();
  await expect(page.getByTestId("issued-secret")).not.toHaveText(first);
  const second = (await page.getByTestId("issued-secret").textContent())!.trim();

  // The new account logs in elsewhere with it.
  const other = await browser.newContext();
  const them = await other.newPage();
  await new StaffPages(them).login(login, second);

  // Disabled: its live session ends at once.
  const active = page.getByTestId("account-active");
  await active.getByLabel("账号").selectOption({ label: account });
  await active.getByLabel("原因").fill("调离");
  await active.getByRole("button", { name: "停用" }).click();
  await expect(row.getByTestId("staff-status")).toHaveText("已停用");
  await them.goto("/staff/sittings");
  await expect(them).toHaveURL(/\/login/);
  await other.close();

  await page.goto("/staff/audit?action=user.");
  await expect(page.getByTestId("audit-table")).toContainText("调离");
  await expect(page.getByTestId("audit-table")).toContainText("忘记密码");
  // In words: the account by its name and login, the action by its label.
  await expect(page.getByTestId("audit-table")).toContainText(`账号 ${account}`);
  await expect(page.getByTestId("audit-table")).toContainText("停用账号");
  await expect(page.getByTestId("audit-table")).not.toContainText("{");
  if (screenshots) await page.screenshot({ path: `${screenshots}/audit-log.png` });

  // 数据库备份: the settings, read-only, and a fresh backup downloaded, audited with its reason.
  await page.goto("/staff/admin");
  await hydrated(page);
  await expect(page.getByTestId("backup-schedule")).toContainText("未开启");
  await downloadBackup(page, "季度归档");
  await page.goto("/staff/audit?action=backup.download");
  await expect(page.getByTestId("audit-table")).toContainText("季度归档");
  // The one refusal above is a 422 the browser logs; nothing else went wrong.
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});
