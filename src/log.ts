// Structured logs (pino, one JSON line per event) that can never carry a secret: every line is
// scrubbed of the configured secrets and of anything shaped like a bot token just before it is written.
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";
import { redactSecrets } from "./redact.js";

export type { Logger } from "pino";
export { redactSecrets } from "./redact.js";

export function createLogger(options: {
  level: LogLevel;
  secrets: readonly (string | undefined)[];
  destination?: DestinationStream;
}): Logger {
  const secrets = options.secrets.filter((secret): secret is string => secret !== undefined);
  return pino(
    {
      level: options.level,
      base: undefined,
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
