import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactSecrets } from "./log.js";

const TOKEN = `${"7".repeat(10)}:${"Ab_-".repeat(9)}`;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe("redactSecrets", () => {
  it("removes configured secrets, their URL-encoded form and token-shaped strings", () => {
    const text = `GET https://api.telegram.org/bot${TOKEN}/getMe ${encodeURIComponent(TOKEN)} key=papago-secret`;
    const result = redactSecrets(text, ["papago-secret"]);
    expect(result).not.toContain(TOKEN.split(":")[1]);
    expect(result).not.toContain("papago-secret");
    expect(result).toContain("https://api.telegram.org/bot[redacted");
  });
});

describe("createLogger", () => {
  it("never writes a secret, wherever it sits in the event", () => {
    const { lines, destination } = capture();
    const logger = createLogger({
      level: "trace",
      secrets: [TOKEN, "hunter2-secret"],
      destination,
    });
    const error = new Error(`request to /bot${TOKEN}/sendMessage failed`, {
      cause: new Error("auth hunter2-secret rejected"),
    });
    logger.error(
      { err: error, url: `https://x/bot${TOKEN}/getUpdates`, nested: { key: "hunter2-secret" } },
      `token ${TOKEN}`,
    );
    logger.debug({ headers: { authorization: "hunter2-secret" } }, "debug line");
    const output = lines.join("");
    expect(lines).toHaveLength(2);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(TOKEN.split(":")[1]);
    expect(output).not.toContain("hunter2-secret");
    expect(output).toContain("[redacted]");
    // Still one JSON object per line after scrubbing.
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
