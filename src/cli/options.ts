// Options shared by several subcommands.
import { Option } from "commander";
import { parseInteger } from "./updates.js";

export function hostOption(description: string): Option {
  return new Option(
    "--host <address>",
    `${description}; other machines can connect only if you widen it`,
  ).default("127.0.0.1");
}

export function portOption(description: string, fallback = 8080): Option {
  return new Option("--port <port>", `${description} (0 picks a free one)`)
    .argParser(parseInteger(0, 65535))
    .default(fallback);
}
