// `babelgram whoami`: getMe, to check that the token works and which bot it belongs to.
import { Command } from "commander";
import { telegramCall, telegramFromEnv } from "./telegram.js";

export function whoamiCommand(): Command {
  return new Command("whoami")
    .description("show which bot TELEGRAM_BOT_TOKEN belongs to (getMe)")
    .action(async () => {
      const { api } = telegramFromEnv();
      const me = await telegramCall(api.getMe());
      const yesNo = (flag: boolean | undefined) => (flag ? "yes" : "no");
      console.log(`${me.first_name} (@${me.username}), id ${me.id}`);
      console.log(`  can join groups: ${yesNo(me.can_join_groups)}`);
      console.log(
        `  reads all group messages: ${yesNo(me.can_read_all_group_messages)}${me.can_read_all_group_messages ? "" : " (privacy mode on)"}`,
      );
      console.log(`  inline mode: ${me.supports_inline_queries ? "on" : "off"}`);
    });
}
