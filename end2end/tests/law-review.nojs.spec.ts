import { test } from "@playwright/test";
import { walkReview } from "./law-review";

// The same review with plain HTML forms only.
test("with JavaScript off, staff load a newer law text, confirm one held question and revise another", async ({ page }) => {
  await walkReview(page, "local-organic-law", ["80", "81"], ["第八十条", "第八十一条"], "复核测试乙");
});
