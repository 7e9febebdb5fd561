// Builds the AWS Lambda package: src/lambda.ts bundled into ONE minified file, zipped at the zip's
// root as index.js (CommonJS; handler "index.handler", as infra/template.yaml says).
//
//   node scripts/package-lambda.mjs [--outdir dist]   ->  <outdir>/babelgram-lambda.zip
//                                                         <outdir>/lambda/index.js (the same file)
//
// Why CommonJS: stores are imported lazily (`await import()` in src/store/index.ts). With ESM output
// esbuild hoists the external imports of lazily loaded modules to the top of the bundle, so every cold
// start would load the drivers of every store: the unzipped ESM bundle fails at once with "Cannot find
// package 'better-sqlite3'". With CJS output they stay lazy `require()`s, run only when that store is
// chosen, and resolved through NODE_PATH, where the nodejs24.x runtime keeps its AWS SDK.
//
// External (not in the bundle):
// - @aws-sdk/* and @smithy/*: the nodejs24.x runtime provides SDK v3. Measured with bench/lambda.ts:
//   bundling them makes index.js 1.8 MB instead of 0.87 MB (zip 534 KB instead of 333 KB), loading it
//   ~30 ms slower for every store, and a DynamoDB cold start no faster (~195 ms against ~175 ms).
//   `--bundle-aws-sdk` puts them in anyway (to pin the SDK's version).
// - better-sqlite3 (both: src/store/sqlite-driver.ts) and pg: drivers the Lambda path never loads (src/lambda.ts refuses sqlite: and
//   postgres: with a config error); not in the zip, so a require would fail loudly.
//
// grammY: every import of "grammy" resolves to grammY's web build (grammy/web), which calls the
// runtime's global fetch. Its Node build uses node-fetch@2, whose AbortSignal check breaks when
// minified. Aliasing every import keeps one grammY copy, so `instanceof GrammyError` still works.
import console from "node:console";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { zipSync } from "fflate";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const HANDLER_FILE = "index.js";
export const HANDLER = "index.handler";
export const ZIP_NAME = "babelgram-lambda.zip";
/**
 * The Node.js the bundle is built for, and the Lambda runtime infra/template.yaml names (nodejs24.x).
 * Node 24 rather than 22: supported until April 2028 (22: April 2027), and its AsyncLocalStorage
 * needs no promise hooks (AsyncContextFrame), which the update context uses for every update.
 */
export const NODE_MAJOR = 24;

/** Resolves "grammy" (not "grammy/types", which is types only) to grammY's web build. */
const grammyWeb = {
  name: "grammy-web",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^grammy$/ }, (args) => {
      if (args.pluginData === "grammy-web") return undefined;
      return esbuild.resolve("grammy/web", {
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "grammy-web",
      });
    });
  },
};

/**
 * tinyld decodes its whole 62-language model when it loads (578 KiB of bundle, ~100 ms and tens of
 * MB on a cold start). src/translate/detect-ngrams.ts scores with a model cut down from it instead
 * (scripts/build-detect-model.mjs), so an import of tinyld reaching the bundle is a mistake: fail.
 */
const noTinyld = {
  name: "no-tinyld",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^tinyld(\/|$)/ }, () => ({
      errors: [
        {
          text: "tinyld is for scripts/build-detect-model.mjs; use src/translate/detect-ngrams.ts",
        },
      ],
    }));
  },
};

/**
 * Bundles and zips; answers the paths and sizes. Options: outdir (default dist/), bundleAwsSdk.
 */
export async function packageLambda(options = {}) {
  const outdir = resolve(root, options.outdir ?? "dist");
  const bundleDir = join(outdir, "lambda");
  const bundlePath = join(bundleDir, HANDLER_FILE);
  const zipPath = join(outdir, ZIP_NAME);
  await rm(bundleDir, { recursive: true, force: true });
  await mkdir(bundleDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["src/lambda.ts"],
    outfile: bundlePath,
    bundle: true,
    // Not minifyIdentifiers: with it esbuild writes its lazy module wrappers as `f(() => {…})`, and
    // V8 compiles a function passed in parentheses eagerly, as if it were called at once: loading
    // the bundle took ~60 ms instead of ~30 ms, all for modules that are never run (the stores not chosen).
    // Without it the wrappers stay object methods, which V8 only pre-parses. Costs ~70 KB.
    minifyWhitespace: true,
    minifySyntax: true,
    platform: "node",
    format: options.format ?? "cjs",
    target: `node${NODE_MAJOR}`,
    // import() of an external becomes a lazy require(): resolved like the rest, NODE_PATH included.
    supported: { "dynamic-import": false },
    external: [
      "better-sqlite3",
      "better-sqlite3-node22",
      "pg",
      "pg-native",
      ...(options.bundleAwsSdk ? [] : ["@aws-sdk/*", "@smithy/*"]),
    ],
    plugins: [grammyWeb, noTinyld],
    legalComments: "none",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
  });
  const bundle = await readFile(bundlePath);
  // A fixed date keeps the zip the same for the same bundle (so does `sam deploy`'s upload check).
  const zip = zipSync(
    { [HANDLER_FILE]: [bundle, { mtime: new Date("2020-01-01T00:00:00Z") }] },
    { level: 9 },
  );
  await writeFile(zipPath, zip);
  return {
    bundlePath,
    zipPath,
    bundleBytes: bundle.length,
    zipBytes: zip.length,
    metafile: result.metafile,
  };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      outdir: { type: "string" },
      "bundle-aws-sdk": { type: "boolean" },
      analyze: { type: "boolean" },
    },
  });
  const packaged = await packageLambda({
    outdir: values.outdir,
    bundleAwsSdk: values["bundle-aws-sdk"],
  });
  console.log(`bundle ${packaged.bundlePath}  ${kib(packaged.bundleBytes)}`);
  console.log(`zip    ${packaged.zipPath}  ${kib(packaged.zipBytes)}  (handler ${HANDLER})`);
  if (values.analyze) {
    const inputs = Object.values(packaged.metafile.outputs)[0]?.inputs ?? {};
    const largest = Object.entries(inputs)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 15);
    for (const [file, { bytesInOutput }] of largest) {
      console.log(`  ${kib(bytesInOutput).padStart(10)}  ${file}`);
    }
  }
}
