-- 适用的地方性法规 (issue 17 §1): the region whose local regulations a jurisdiction's papers
-- and practice may draw on ('chongqing'), or '' for national laws only. Inherited with the
-- rest of the rules by districts without rules of their own.
ALTER TABLE jurisdiction_rules ADD COLUMN local_regulations TEXT NOT NULL DEFAULT '';
