#!/usr/bin/env node
// `npm test`: install what is missing, generate the Prisma client, lint, typecheck, then every
// suite. Integration suites create (and drop) a fresh PostgreSQL database per run on
// DATABASE_URL's server, else 127.0.0.1:5432; browser suites drive Debian's Chromium against a
// production build.
import { ensureChromium, ensureInstalled, main, run } from "./lib/steps.mjs";

await main(async () => {
  ensureInstalled();
  ensureChromium();
  run("npx", ["prisma", "generate"]);
  run("npx", ["biome", "lint", "."]);
  run("npx", ["tsc", "--noEmit"]);
  run("npx", ["vitest", "run"]);
});
