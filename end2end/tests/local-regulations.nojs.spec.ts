import { test } from "@playwright/test";
import { StaffPages } from "./pages";

// The rules page's local-regulations choice as a plain HTML form.
test("with JavaScript off, an administrator sets and clears the local regulations that apply", async ({ page }) => {
  const staff = new StaffPages(page);
  await staff.login("e2e-admin", process.env.E2E_ADMIN_PASSWORD!);
  await staff.setLocalRegulations("重庆市");
  await staff.setLocalRegulations("无");
});
