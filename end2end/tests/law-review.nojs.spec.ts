import { test } from "@playwright/test";
import { walkReview } from "./law-review";

// The same review with plain HTML forms only.
test("with JavaScript off, staff load a newer law text, confirm one held question and revise another", async ({ page }) => {
  await walkReview(page, ["142", "143"], ["第一百四十二条", "第一百四十三条"], "复核测试乙");
});
