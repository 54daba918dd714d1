import { expect, test } from "@playwright/test";
import { StaffPages, downloadBackup } from "./pages";

// The same administration with JavaScript off: every form is a plain HTML form, the
// generated password is shown on the page the form returns to, once.
test("with JavaScript off, an administrator creates an account, sees its password once and signs it out everywhere", async ({ page, browser }) => {
  const run = Date.now().toString(36);
  const login = `adm-n-${run}`;
  await new StaffPages(page).login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await page.goto("/staff/admin");

  const accountForm = page.getByTestId("create-account");
  await accountForm.getByLabel("姓名").fill("无脚本管理测试员");
  await accountForm.getByLabel("登录名").fill(login);
  await accountForm.getByLabel("角色").selectOption("proctor");
  await accountForm.getByRole("button", { name: "新建并生成密码" }).click();
  await expect(page.getByTestId("issued-username")).toHaveText(login);
  const password = (await page.getByTestId("issued-secret").textContent())!.trim();
  // Shown once: a reload no longer shows it.
  await page.goto("/staff/admin");
  await expect(page.getByTestId("issued-password")).toHaveCount(0);

  const other = await browser.newContext({ javaScriptEnabled: false });
  const them = await other.newPage();
  await new StaffPages(them).login(login, password);

  const row = page.getByTestId("staff-row").filter({ hasText: login });
  await expect(row).toContainText("监考人员");
  const signOut = page.getByTestId("sign-out");
  await signOut.getByLabel("账号").selectOption({ label: `无脚本管理测试员（${login}）` });
  await signOut.getByLabel("原因").fill("电脑遗失");
  await signOut.getByRole("button", { name: "强制下线" }).click();
  await expect(page.getByTestId("form-error")).toHaveCount(0);
  await them.goto("/staff/sittings");
  await expect(them).toHaveURL(/\/login/);
  await other.close();

  await page.goto("/staff/audit?action=user.sign_out_everywhere");
  await expect(page.getByTestId("audit-table")).toContainText("电脑遗失");
  // In words, with JavaScript off too: the record by name, the detail as labelled fields.
  await expect(page.getByTestId("audit-record").first()).toContainText(`账号 无脚本管理测试员（${login}）`);
  await expect(page.getByTestId("audit-detail").first()).toContainText(`登录名：${login}`);
  await expect(page.getByTestId("audit-table")).not.toContainText("{");

  // A backup, downloaded by a plain form post.
  await page.goto("/staff/admin");
  await expect(page.getByTestId("backup-settings")).toContainText("保留份数");
  await downloadBackup(page, "无脚本归档");
  await page.goto("/staff/audit?action=backup.download");
  await expect(page.getByTestId("audit-table")).toContainText("无脚本归档");
});
