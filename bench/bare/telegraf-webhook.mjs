// The second comparison bot for bench:webhook: the same job (receive an update, translate with a
// zero-latency stand-in, reply) written the obvious way with Telegraf's webhook callback. Replies go
// to the Bot API as calls (webhookReply off): with Telegraf's default they would ride back in the
// webhook's answer, which Telegram allows for one call but the benchmark's load generator drops.
import console from "node:console";
import { createServer } from "node:http";
import process from "node:process";
import { Telegraf } from "telegraf";
import { message } from "telegraf/filters";

const {
  TELEGRAM_BOT_TOKEN: token,
  TELEGRAM_API_ROOT: apiRoot,
  WEBHOOK_SECRET: secret,
} = process.env;
const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false } });
bot.on(message("text"), (ctx) =>
  ctx.reply(`[auto→en] ${ctx.message.text}`, {
    reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
  }),
);
bot.botInfo = await bot.telegram.getMe();
const handle = bot.webhookCallback("/telegram", { secretToken: secret });
const server = createServer((req, res) => {
  if (req.url === "/telegram" && req.method === "POST") return handle(req, res);
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/telegram`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
