// One contract suite for translation providers, run unchanged against every provider's client and
// its local stand-in (as src/store/store.contract.test.ts does for the stores): a translation comes
// back marked with its target and in order, batches fill calls up to the provider's limits, a text
// over the per-call limit is split at sentence ends and joined back, the stand-in's auth, quota,
// rate, server and malformed answers become those failure kinds, a call that gets no answer times
// out, and no error (message, cause chain, stack, or anything util.inspect prints) carries a key.
//
// A provider's test file calls describeProviderContract at its top level (it registers the hooks
// that start, reset and close the stand-in), then tests what only that provider does with the
// handle it gets back: the same stand-in, translators pointed at it, and `failure`, which checks
// every error it is given for the keys.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProviderError, type ProviderFailure } from "../../src/errors.js";
import { measure } from "../../src/translate/provider-kit.js";
import type { Capabilities, Translator } from "../../src/translate/types.js";

/** What a stand-in answers a request with instead of its normal answer (see failNext). */
export type FailureOf<S> = S extends { failNext(count: number, failure: infer F): void }
  ? F
  : never;
/** What a stand-in logs of a request. */
export type RequestOf<S> = S extends { readonly requests: readonly (infer R)[] } ? R : never;

/** What the suite needs of a stand-in; every stand-in in test/stand-ins has it. */
export interface ContractStandIn<S> {
  readonly url: string;
  /** Every request received, in order of arrival. */
  readonly requests: readonly RequestOf<S>[];
  /** The next `count` requests get this answer; "hang": no answer until reset. */
  failNext(count: number, failure: FailureOf<S> | "hang"): void;
  /** Forgets failures and the log. */
  reset(): void;
  close(): Promise<void>;
}

/** The answers every provider has, and the kind each must become. */
const CONTRACT_KINDS = {
  auth: "auth",
  quota: "quota",
  rate: "rate",
  server: "server",
  malformed: "server",
} as const satisfies Record<string, ProviderFailure>;
export type ContractFailure = keyof typeof CONTRACT_KINDS;

/** A stand-in's answer and what the ProviderError made of it must say. */
export interface ExpectedFailure<S> {
  answer: FailureOf<S>;
  status: number | undefined;
  code: string | undefined;
}

/** [title, the stand-in's answer, kind, status, code]: one row of a provider's own error table. */
export type FailureRow<S> = [
  string,
  FailureOf<S>,
  ProviderFailure,
  number | undefined,
  string | undefined,
];

export interface ProviderContract<S extends ContractStandIn<S>, O extends { timeoutMs?: number }> {
  /** Translator.name and the prefix of every error message, e.g. "papago". */
  name: string;
  /** Starts the stand-in; once for the file. */
  start(): Promise<S>;
  /** The provider's translator pointed at the stand-in, with these options over the file's own. */
  create(standIn: S, overrides?: O): Translator;
  /** The options that point the translator at another server (a closed port, for the network case). */
  at(url: string): O;
  /** Every key the translator holds; none may appear in an error. */
  secrets: readonly string[];
  attribution?: string;
  /** The capabilities the translator declares, but `languages`; undefined when it declares none. */
  capabilities: Omit<Capabilities, "languages"> | undefined;
  /** Languages that must be among capabilities.languages; left out: it must not list languages. */
  languages?: readonly string[];
  /** The per-call limit, for a translator that declares no capabilities. */
  limit?: Capabilities["limit"];
  /** What the stand-in puts before a translation into English and into Korean ("en:", "EN-US:"). */
  marks: { en: string; ko: string };
  /** The texts one logged request asked to translate, in order. */
  textsOf(request: RequestOf<S>): string[];
  /** The stand-in's answer for each case of the contract. */
  failures: {
    auth: ExpectedFailure<S>;
    /** Left out for a provider that has no quota (LibreTranslate). */
    quota?: ExpectedFailure<S>;
    rate: ExpectedFailure<S>;
    server: ExpectedFailure<S>;
    malformed: ExpectedFailure<S>;
  };
  /** More answers of the provider's own and what they must become. */
  answers: FailureRow<S>[];
  /** An auth failure whose message quotes the keys, as a careless server would. */
  echo: FailureOf<S>;
  /** babelgram's language codes as the provider writes them, and the detected ones read back. */
  codes?: LanguageCodes<S>;
}

export interface LanguageCodes<S> {
  /** [source, target] asked for, and [source, target] as the stand-in must see them. */
  sent: [[string, string], [string | undefined, string | undefined]][];
  /** The [source, target] one logged request names (undefined where it leaves one out). */
  pairOf(request: RequestOf<S>): [string | undefined, string | undefined];
  /** [the provider's detected code, babelgram's]. */
  detected: [string, string][];
  /** A success answer to a text into English that names `code` as the detected language. */
  detectedAnswer(code: string): FailureOf<S>;
}

export interface ProviderContractHandle<S, O> {
  /** The stand-in: started before the first test of the file, reset after each, closed at the end. */
  readonly standIn: S;
  /** A translator pointed at the stand-in. */
  translator: (overrides?: O) => Translator;
  /** The ProviderError a promise rejects with, checked to carry none of the keys. */
  failure: (promise: Promise<unknown>) => Promise<ProviderError>;
  /**
   * KOREAN_BATCH translated from "auto" into English in one translateBatch call: checks that each
   * text came back detected as Korean in a single request, and returns that request for the
   * provider's own checks of its shape.
   */
  batchRequest: () => Promise<RequestOf<S>>;
}

/** Three texts a batching provider gets in one request (see batchRequest). */
export const KOREAN_BATCH = ["안녕하세요", "반갑습니다", "잘 지내세요?"];

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Fails the test when a secret is in the error: messages, stacks, causes, what a logger prints. */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  // Everything a logger could print, hidden fields and causes included.
  const printed = inspect(error, { depth: 8, showHidden: true });
  for (const secret of secrets) {
    expect(printed).not.toContain(secret);
    for (let current: unknown = error; current instanceof Error; current = current.cause) {
      expect(current.message).not.toContain(secret);
      expect(String(current.stack)).not.toContain(secret);
      expect(JSON.stringify(current)).not.toContain(secret);
    }
  }
}

// Two sentences, so that pieces may start with either; Korean, so that bytes and characters differ.
const SENTENCE = "오늘은 날씨가 정말 좋네요. 산책하러 갈까요? ";
const PIECE = /^(오늘은|산책하러) .*[.?]$/s;
const BATCH = ["안녕하세요", "반갑습니다", " ", "잘 지내세요?"];

export function describeProviderContract<
  S extends ContractStandIn<S>,
  O extends { timeoutMs?: number },
>(spec: ProviderContract<S, O>): ProviderContractHandle<S, O> {
  let started: S | undefined;
  const handle: ProviderContractHandle<S, O> = {
    get standIn() {
      if (started === undefined) throw new Error(`${spec.name}: the stand-in is not started yet`);
      return started;
    },
    translator: (overrides) => spec.create(handle.standIn, overrides),
    async failure(promise) {
      const error = await promise.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ProviderError);
      expectNoSecrets(error, spec.secrets);
      return error as ProviderError;
    },
    async batchRequest() {
      const provider = handle.translator();
      if (provider.translateBatch === undefined) {
        throw new Error(`${spec.name} does not translate in batches`);
      }
      const results = await provider.translateBatch({
        texts: KOREAN_BATCH,
        source: "auto",
        target: "en",
      });
      expect(results.map((result) => result.source)).toEqual(KOREAN_BATCH.map(() => "ko"));
      expect(handle.standIn.requests).toHaveLength(1);
      const [request] = handle.standIn.requests;
      if (request === undefined) throw new Error("no request");
      return request;
    },
  };
  const { translator, failure } = handle;
  const requests = () => handle.standIn.requests;
  const limit = spec.capabilities?.limit ?? spec.limit;
  const maxTexts = spec.capabilities?.maxTexts ?? 1;
  const batches = spec.capabilities !== undefined;

  beforeAll(async () => {
    started = await spec.start();
  });
  afterEach(() => handle.standIn.reset());
  afterAll(async () => {
    await started?.close();
  });

  describe(`translator contract: ${spec.name}`, () => {
    it("describes itself", () => {
      const provider = translator();
      expect(provider.name).toBe(spec.name);
      expect(provider.real).toBe(true);
      expect(provider.attribution).toBe(spec.attribution);
      // The kit's providers declare what they take and batch; Papago cuts its texts itself.
      expect(typeof provider.translateBatch).toBe(batches ? "function" : "undefined");
      if (provider.capabilities === undefined) {
        expect(spec.capabilities).toBeUndefined();
        return;
      }
      const { languages, ...declared } = provider.capabilities;
      expect(declared).toEqual(spec.capabilities);
      if (spec.languages === undefined) expect(languages).toBeUndefined();
      for (const language of spec.languages ?? []) expect(languages?.has(language)).toBe(true);
    });

    it("translates a text, marked by the stand-in with its target", async () => {
      const result = await translator().translate({
        text: "안녕하세요",
        source: "ko",
        target: "en",
      });
      expect(result).toEqual({
        text: `${spec.marks.en}안녕하세요`,
        source: "ko",
        target: "en",
        provider: spec.name,
      });
      expect(requests().map((request) => spec.textsOf(request))).toEqual([["안녕하세요"]]);
    });

    it("returns whitespace-only text as it is, without a call", async () => {
      const result = await translator().translate({ text: " \n ", source: "ko", target: "en" });
      expect(result.text).toBe(" \n ");
      expect(requests()).toHaveLength(0);
    });

    it.skipIf(!batches)("translates a batch in order, skipping blank texts", async () => {
      const results = await translator().translateBatch!({
        texts: BATCH,
        source: "ko",
        target: "en",
      });
      expect(results).toEqual(
        BATCH.map((text) => ({
          text: text.trim() === "" ? text : `${spec.marks.en}${text}`,
          source: "ko",
          target: "en",
          provider: spec.name,
        })),
      );
      const sent = BATCH.filter((text) => text.trim() !== "");
      const calls = requests().map((request) => spec.textsOf(request));
      expect(calls).toHaveLength(Math.ceil(sent.length / maxTexts));
      expect(calls.flat()).toEqual(sent);
    });

    it.skipIf(!batches || maxTexts === 1)(
      "packs as many texts into a call as the provider takes, no more",
      async () => {
        const rest = Math.ceil(maxTexts / 2);
        const texts = Array.from({ length: 2 * maxTexts + rest }, (_, i) => `Text ${i}`);
        const results = await translator().translateBatch!({ texts, source: "en", target: "ko" });
        expect(results.map((result) => result.text)).toEqual(
          texts.map((text) => `${spec.marks.ko}${text}`),
        );
        expect(requests().map((request) => spec.textsOf(request).length)).toEqual([
          maxTexts,
          maxTexts,
          rest,
        ]);
      },
    );

    it("splits an over-limit text at sentence ends and joins the translations back", async () => {
      if (limit === undefined) throw new Error(`${spec.name}: no capabilities and no limit`);
      const text = SENTENCE.repeat(
        Math.ceil((2.5 * limit.max) / measure(SENTENCE, limit.unit)),
      ).trim();
      const result = await translator().translate({ text, source: "ko", target: "en" });
      const calls = requests().map((request) => spec.textsOf(request));
      for (const texts of calls) {
        expect(texts.length).toBeGreaterThan(0);
        expect(texts.length).toBeLessThanOrEqual(maxTexts);
        expect(measure(texts.join(""), limit.unit)).toBeLessThanOrEqual(limit.max);
        for (const piece of texts) expect(piece).toMatch(PIECE);
      }
      const pieces = calls.flat();
      expect(pieces.length).toBeGreaterThan(2);
      // Every piece translated once, in order, with the separators between them where they were.
      const mark = spec.marks.en;
      expect(result.text.split(mark)).toHaveLength(pieces.length + 1);
      expect(result.text.startsWith(`${mark}오늘은`)).toBe(true);
      expect(result.text.replaceAll(mark, "")).toBe(text);
    });

    const contractRows = Object.entries(CONTRACT_KINDS).flatMap(([name, kind]): FailureRow<S>[] => {
      const expected = spec.failures[name as ContractFailure];
      return expected === undefined
        ? []
        : [[`the ${name} answer`, expected.answer, kind, expected.status, expected.code]];
    });
    for (const [title, answer, kind, status, code] of [...contractRows, ...spec.answers]) {
      it(`${title} -> ${kind}`, async () => {
        handle.standIn.failNext(1, answer);
        const error = await failure(
          translator().translate({ text: "안녕", source: "ko", target: "en" }),
        );
        expect(error.provider).toBe(spec.name);
        expect(error.kind).toBe(kind);
        expect(error.status).toBe(status);
        expect(error.code).toBe(code);
        expect(error.message).toMatch(new RegExp(`^${spec.name}: `));
        // No retries of its own: the caller decides (another translator may be next).
        expect(requests()).toHaveLength(1);
      });
    }

    it("times out when the provider does not answer", async () => {
      handle.standIn.failNext(1, "hang");
      const since = Date.now();
      // Every provider's options take timeoutMs (the constraint on O).
      const error = await failure(
        translator({ timeoutMs: 200 } as O).translate({ text: "안녕", source: "ko", target: "en" }),
      );
      expect(error.kind).toBe("timeout");
      expect(error.retryable).toBe(true);
      expect(error.message).toContain("no answer within 200 ms");
      expect(Date.now() - since).toBeLessThan(2000);
    });

    it("stops when the caller's signal aborts", async () => {
      handle.standIn.failNext(1, "hang");
      const controller = new AbortController();
      const pending = translator().translate({
        text: "안녕",
        source: "ko",
        target: "en",
        signal: controller.signal,
      });
      await expect.poll(() => requests().length).toBe(1);
      controller.abort();
      const error = await failure(pending);
      expect(error.kind).toBe("timeout");
      expect(error.message).toContain("cancelled");
    });

    it("reports a refused connection as a network error", async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const error = await failure(
        translator(spec.at(url)).translate({ text: "안녕", source: "ko", target: "en" }),
      );
      expect(error.kind).toBe("network");
      expect(error.retryable).toBe(true);
      expect(error.message).toContain("ECONNREFUSED");
    });

    it("keeps the keys out of messages even when the provider echoes them", async () => {
      handle.standIn.failNext(1, spec.echo);
      const error = await failure(
        translator().translate({ text: "안녕", source: "ko", target: "en" }),
      );
      expect(error.kind).toBe("auth");
      expect(error.message).toContain("[redacted]");
    });

    const codes = spec.codes;
    if (codes !== undefined) {
      it("writes babelgram's language codes as the provider does", async () => {
        for (const [[source, target]] of codes.sent) {
          await translator().translate({ text: "Hello", source, target });
        }
        expect(handle.standIn.requests.map((request) => codes.pairOf(request))).toEqual(
          codes.sent.map(([, seen]) => seen),
        );
      });

      it.each(codes.detected)("reads a detected %s as %s", async (code, expected) => {
        handle.standIn.failNext(1, codes.detectedAnswer(code));
        const result = await translator().translate({ text: "x", source: "auto", target: "en" });
        expect(result.source).toBe(expected);
      });
    }
  });

  return handle;
}
