// Bundles the CLI (and everything it reaches) into dist/ so `babelgram` starts without a TypeScript loader.
// Dependencies stay external: they are installed next to the bundle by npm.
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
