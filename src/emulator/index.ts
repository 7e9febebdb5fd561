// A local stand-in for Telegram's Bot API on 127.0.0.1, faithful enough to run real bot libraries
// against, with a control API (control.ts) for tests to play the users' side. Start: startEmulator().
import type { AddressInfo } from "node:net";
import { createEmulatorServer } from "./server.js";
import { EmulatorState } from "./state.js";
import { DEFAULT_BOT, type Emulator, type EmulatorOptions } from "./types.js";

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const bots = options.bots ?? [DEFAULT_BOT];
  const state = new EmulatorState(bots, options.now ?? Date.now, options);
  const server = createEmulatorServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    defaultToken: state.bots[0]?.token ?? DEFAULT_BOT.token,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // Webhook deliveries in flight are aborted, so close never waits for a slow receiver.
        state.webhooks.stopAll();
        server.close((error) => (error ? reject(error) : resolve()));
        // Pending long polls and waits end with their connections (their timers are cleared).
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export { EmulatorClient } from "./client.js";
export { DEFAULT_BOT } from "./types.js";
export type {
  ButtonPress,
  CallbackAnswer,
  ChatActionView,
  ChatListEntry,
  ForwardRequest,
  InlineAnswer,
  InlineChoice,
  InlineChoiceResult,
  InlineQueryRequest,
  MemberAction,
  MemberChange,
  MemberChangeResult,
  MenuQuery,
  NewTopic,
} from "./chat-types.js";
export type {
  BotConfig,
  BotStateView,
  CallRecord,
  Emulator,
  EmulatorOptions,
  FaultRequest,
  FloodLimitsView,
  GroupChat,
  InjectedUpdate,
  InjectResult,
  NewGroup,
  NewUser,
  UserEdit,
  UserMessage,
  WaitRequest,
} from "./types.js";
