// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside each file named on
// standard input, one per line, when smaller, and prints the sizes. Used by scripts/build.sh for the
// optimized site; the server sends these copies as they are (server/src/web/site.rs).
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const files = readFileSync(0, "utf8").split("\n").filter((f) => f && !/\.(br|gz)$/.test(f));
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const file of files.sort()) {
  const raw = readFileSync(file);
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  const gzip = gzipSync(raw, { level: 9 });
  // A copy no smaller than the file (a tiny robots.txt) is not worth sending.
  if (brotli.length < raw.length) writeFileSync(`${file}.br`, brotli);
  if (gzip.length < raw.length) writeFileSync(`${file}.gz`, gzip);
  total.raw += raw.length;
  total.gzip += Math.min(gzip.length, raw.length);
  total.brotli += Math.min(brotli.length, raw.length);
  console.log(`${file}: ${raw.length} B raw, ${gzip.length} B gzip, ${brotli.length} B brotli`);
}
console.log(`site: ${total.raw} B raw, ${total.gzip} B gzip, ${total.brotli} B brotli`);
