// The `babelgram` command: one file per subcommand; errors end as one readable line, never a stack
// trace and never the token.
import { Command } from "commander";
import { loadDotEnv } from "../config.js";
import { describeError } from "./describe-error.js";
import { emulatorCommand } from "./emulator.js";
import { sendCommand } from "./send.js";
import { serveCommand } from "./serve.js";
import { startCommand } from "./start.js";
import { storeCommand } from "./store.js";
import { secretsFromEnv } from "./telegram.js";
import { updatesCommand } from "./updates.js";
import { webhookCommand } from "./webhook.js";
import { whoamiCommand } from "./whoami.js";

async function main(argv: string[]): Promise<void> {
  const program = new Command("babelgram")
    .description("A Telegram translator bot. Settings come from the environment and .env.")
    .showHelpAfterError()
    .addCommand(startCommand())
    .addCommand(serveCommand())
    .addCommand(whoamiCommand())
    .addCommand(updatesCommand())
    .addCommand(sendCommand())
    .addCommand(storeCommand())
    .addCommand(webhookCommand())
    .addCommand(emulatorCommand());
  try {
    loadDotEnv();
    await program.parseAsync(argv);
  } catch (error) {
    console.error(`babelgram: ${describeError(error, secretsFromEnv())}`);
    process.exitCode = 1;
  }
}

await main(process.argv);
