import { expect, test } from "@playwright/test";
import { watchErrors } from "./pages";
import { walkReview } from "./law-review";

test("staff load a newer law text, see the held questions side by side, confirm one and revise one", async ({ page }) => {
  const errors = watchErrors(page);
  await walkReview(page, "constitution", ["140", "141"], ["第一百四十条", "第一百四十一条"], "复核测试甲");
  expect(errors).toEqual([]);
});
