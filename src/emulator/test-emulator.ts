// The emulator test files' shared setup: one emulator per file (or describe block), reset before
// each test, optionally with a fresh user, and closed at the end.
import { Api } from "grammy";
import type { Update, User } from "grammy/types";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { EmulatorClient } from "./client.js";
import { startEmulator } from "./index.js";
import type { Emulator, EmulatorOptions, NewUser } from "./types.js";

export interface TestEmulator {
  readonly emu: Emulator;
  /** grammY's Api for the emulator's default bot. */
  readonly api: Api;
  readonly client: EmulatorClient;
  /** The user created before each test; only when `useEmulator` was given one. */
  readonly user: User;
}

/**
 * Registers the vitest hooks: starts the emulator before all tests, resets it (then creates `user`,
 * when given) before each, and closes it after all. Read the fields inside tests and hooks only.
 */
export function useEmulator(options: EmulatorOptions & { user?: NewUser } = {}): TestEmulator {
  const { user: newUser, ...emulatorOptions } = options;
  let emu: Emulator | undefined;
  let api: Api | undefined;
  let client: EmulatorClient | undefined;
  let user: User | undefined;
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useEmulator: ${name} is not set up here`);
    return value;
  };

  beforeAll(async () => {
    emu = await startEmulator(emulatorOptions);
    api = new Api(emu.defaultToken, { apiRoot: emu.url });
    client = new EmulatorClient(emu.url);
  });
  beforeEach(async () => {
    const current = ready(client, "client");
    await current.reset();
    if (newUser !== undefined) user = await current.createUser(newUser);
  });
  afterAll(async () => {
    await emu?.close();
  });

  return {
    get emu() {
      return ready(emu, "emu");
    },
    get api() {
      return ready(api, "api");
    },
    get client() {
      return ready(client, "client");
    },
    get user() {
      return ready(user, "user");
    },
  };
}

/** An update with a text message from `user` in their private chat with the bot. */
export function privateTextUpdate(user: User, text: string, updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.first_name },
      from: user,
      text,
    },
  };
}
