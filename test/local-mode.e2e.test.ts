// `npm start` on a fresh machine with no .env: the emulator, its web chat and the bot come up
// together, and a message typed as the local user gets a (pseudo) translation back.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EmulatorClient } from "../src/emulator/client.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const hasDotEnv = existsSync(`${repo}/.env`);

describe("npm start without a token", () => {
  it.skipIf(hasDotEnv)(
    "reaches 'chat with your bot at …' and the page answers, within 10 s (skipped when a .env exists)",
    async () => {
      const child = spawn("npm", ["start", "--silent", "--", "--port", "0"], {
        cwd: repo,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let output = "";
      const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no local-mode line in 10 s:\n${output}`)),
            10_000,
          );
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match =
              /Local mode: chat with your bot at (http:\/\/[^\s]+) \(no TELEGRAM_BOT_TOKEN set; translations are pseudo/.exec(
                output,
              );
            if (match?.[1] !== undefined) {
              clearTimeout(timer);
              resolve(match[1]);
            }
          };
          child.stdout.on("data", onData);
          child.stderr.on("data", onData);
        });
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get("content-type")).toContain("text/html");

        const client = new EmulatorClient(url);
        const users = await client.users();
        const you = users.find((user) => user.first_name === "You");
        expect(you).toBeDefined();
        const id = you?.id ?? 0;
        await client.sendMessage({ chat_id: id, from_id: id, text: "안녕하세요, 처음 뵙겠습니다" });
        const [reply] = await client.waitForBotMessages({ chat_id: id, count: 1 });
        expect(reply?.text).toBe("[ko→en] 안녕하세요, 처음 뵙겠습니다");
      } finally {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
      }
      await exited;
      // npm itself dies of the SIGINT sent to the group; babelgram must have stopped cleanly.
      expect(output).toContain("polling stopped");
      expect(output).toContain("TRANSLATIONS ARE NOT REAL");
    },
  );
});
