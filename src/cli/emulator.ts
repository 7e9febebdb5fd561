// `babelgram emulator`: the local Bot API and web chat alone, for developing any bot against it.
import { Command } from "commander";
import { startEmulator } from "../emulator/index.js";
import { seedLocalWorld } from "../emulator/web/seed.js";
import { createLogger, type Logger } from "../log.js";
import { hostOption, portOption } from "./options.js";
import { runUntilSignal } from "./run-until-signal.js";

export function emulatorCommand(): Command {
  return new Command("emulator")
    .description("run only the local Telegram Bot API emulator and its web chat")
    .addOption(hostOption("address to listen on"))
    .addOption(portOption("port to listen on"))
    .action(async (options: { host: string; port: number }) => {
      const logger: Logger = createLogger({ level: "info", secrets: [] });
      const emulator = await startEmulator({ host: options.host, port: options.port });
      try {
        await seedLocalWorld(emulator.url);
        console.log(`Local Bot API and web chat at ${emulator.url}`);
        console.log(`Point a bot at it: TELEGRAM_API_ROOT=${emulator.url}`);
        console.log(`Bot token: ${emulator.defaultToken} (local only, not a Telegram token)`);
        await runUntilSignal(
          logger,
          (signal) =>
            new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())),
        );
      } finally {
        await emulator.close();
      }
    });
}
