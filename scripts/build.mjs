// Bundles the CLI (and everything it reaches) into dist/ so `babelgram` starts without a TypeScript loader.
// Dependencies stay external: they are installed next to the bundle by npm.
// The emulator's web chat goes to dist/web/: its browser script and stylesheet bundled, the page copied.
import { cp } from "node:fs/promises";
import { build } from "esbuild";

await build({
  entryPoints: { cli: "src/cli/index.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
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
