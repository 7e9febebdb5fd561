// The HTTP front door: /bot<token>/<method> goes to the Bot API, /_control/... to the control API,
// / and /web/* to the web chat, anything else is Telegram's plain 404.
import type { Server } from "node:http";
import { http } from "../node-http.js";
import { handleBotApi } from "./bot-api.js";
import { handleControl } from "./control.js";
import { clientSignal, sendJson } from "./http.js";
import type { EmulatorState } from "./state.js";
import { streamEvents } from "./web/event-stream.js";
import { isWebPath, serveWeb } from "./web/static-files.js";

const BOT_PATH = /^\/bot([^/]+)\/([^/]*)$/;

export function createEmulatorServer(state: EmulatorState): Server {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const signal = clientSignal(res);
    if (url.pathname === "/_control/events" && req.method === "GET") {
      streamEvents(state, req, res);
      return;
    }
    if (isWebPath(req.method, url.pathname)) {
      void serveWeb(req, res, url.pathname);
      return;
    }
    if (url.pathname.startsWith("/_control/")) {
      void handleControl(state, req, res, url, signal);
      return;
    }
    const match = BOT_PATH.exec(url.pathname);
    if (match === null) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token = "", method = ""] = match;
    void handleBotApi(state, { req, res, url, token: decodeURIComponent(token), method, signal });
  });
  // Clients keep connections alive between polls; Node's 5 s default races with their reuse.
  server.keepAliveTimeout = 65_000;
  return server;
}
