// Bundles the CLI (and everything it reaches) into dist/ so `babelgram` starts without a TypeScript loader.
// Dependencies stay external: they are installed next to the bundle by npm.
// The emulator's web chat goes to dist/web/: its browser script and stylesheet bundled, the page copied.
//
// "grammy" is grammY's web build here, as on Lambda: babelgram makes its Bot API calls itself
// (src/runtime/bot-api-transport.ts), and grammY's Node build imports node-fetch, whose URL
// library's Unicode tables cost several MB of RSS in every process for nothing (BENCHMARKS.md).
import { cp } from "node:fs/promises";
import { build } from "esbuild";

const GRAMMY_WEB = { grammy: "grammy/web" };

await build({
  entryPoints: { cli: "src/cli/index.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: GRAMMY_WEB,
  sourcemap: true,
  logLevel: "warning",
});

await build({
  entryPoints: { app: "src/emulator/web/app/main.ts", style: "src/emulator/web/styles/index.css" },
  outdir: "dist/web",
  bundle: true,
  platform: "browser",
  format: "esm",
  target: ["chrome100", "firefox100", "safari15"],
  sourcemap: true,
  logLevel: "warning",
});
await cp("src/emulator/web/static", "dist/web", { recursive: true });
