// The web chat's files: GET / is the page, /web/* its script, stylesheet and icon. They are built
// into dist/web/ by scripts/build.mjs (script and styles bundled by esbuild, the page copied) and
// read per request, so a rebuild shows up on reload without restarting the emulator.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/web/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/web/app.js.map": { file: "app.js.map", type: "application/json; charset=utf-8" },
  "/web/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/web/style.css.map": { file: "style.css.map", type: "application/json; charset=utf-8" },
  "/web/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
};

/** Only same-origin files, no inline script or style: the page shows text other people wrote. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function isWebPath(method: string | undefined, pathname: string): boolean {
  return (method === "GET" || method === "HEAD") && Object.hasOwn(FILES, pathname);
}

/**
 * dist/web under the package root. The code runs from src/emulator/web/ (tests, tsx) or bundled
 * into dist/cli.js, so the root is found by walking up rather than by a fixed relative path.
 */
function webDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "dist", "web");
    if (existsSync(join(candidate, "index.html"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer | string,
  head = false,
) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, {
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  res.end(head ? undefined : body);
}

export async function serveWeb(req: IncomingMessage, res: ServerResponse, pathname: string) {
  const entry = FILES[pathname];
  const head = req.method === "HEAD";
  const dir = webDir();
  if (entry === undefined || dir === undefined) {
    const text = "The web chat is not built: run `npm run build` (it writes dist/web/).\n";
    return send(res, 503, "text/plain; charset=utf-8", text, head);
  }
  try {
    send(res, 200, entry.type, await readFile(join(dir, entry.file)), head);
  } catch {
    send(res, 404, "text/plain; charset=utf-8", `Not found: ${pathname}\n`, head);
  }
}
