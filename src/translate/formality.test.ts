// Formal and informal address (TranslateRequest.formality) at every level below the bot: each
// provider's parameter against its stand-in (Papago honorific, DeepL formality, Amazon
// Settings.Formality), a provider without it translating as usual, the stand-ins refusing what
// the services refuse, the cache keeping formal and default translations apart, and the chain and
// batching passing the choice through.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startAwsTranslateStandIn,
  type AwsTranslateStandIn,
} from "../../test/stand-ins/aws-translate.js";
import { deeplParams, startDeepLStandIn, type DeepLStandIn } from "../../test/stand-ins/deepl.js";
import { startGoogleStandIn, type GoogleStandIn } from "../../test/stand-ins/google.js";
import { startPapagoStandIn, type PapagoStandIn } from "../../test/stand-ins/papago.js";
import { createMemoryStore } from "../store/memory.js";
import { AWS_FORMALITY, createAwsTranslator } from "./aws.js";
import { createBatchingTranslator, type EachTranslator } from "./batching.js";
import { cacheKey, createCachedTranslator } from "./cache.js";
import { createDeepLTranslator, DEEPL_FORMALITY } from "./deepl.js";
import { createFallbackTranslator } from "./fallback.js";
import { chainFormality, formalityIn } from "./formality.js";
import { createGoogleTranslator } from "./google.js";
import { createPapagoTranslator, PAPAGO_FORMALITY } from "./papago.js";
import { createProvider, type ProviderCall } from "./provider-kit.js";
import type { BatchRequest, TranslateRequest, Translator } from "./types.js";

/** One translation with the given formality (the request as the bot would make it). */
function ask(
  translator: Pick<Translator, "translate">,
  request: Omit<TranslateRequest, "formality">,
  formality: TranslateRequest["formality"],
) {
  return translator.translate({ ...request, ...(formality === undefined ? {} : { formality }) });
}

const PAPAGO_ID = "formality-client-id";
const PAPAGO_SECRET = `papago-${randomBytes(8).toString("hex")}`;
const DEEPL_KEY = `${randomBytes(8).toString("hex")}:fx`;
const GOOGLE_KEY = `google-${randomBytes(8).toString("hex")}`;
const AWS_KEY_ID = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
const AWS_SECRET = `aws-${randomBytes(16).toString("hex")}`;
const REGION = "eu-west-1";

let papago: PapagoStandIn;
let deepl: DeepLStandIn;
let google: GoogleStandIn;
let aws: AwsTranslateStandIn;
const savedEnv = { ...process.env };

beforeAll(async () => {
  papago = await startPapagoStandIn({ clientId: PAPAGO_ID, clientSecret: PAPAGO_SECRET });
  deepl = await startDeepLStandIn({ authKey: DEEPL_KEY });
  google = await startGoogleStandIn({ apiKey: GOOGLE_KEY });
  aws = await startAwsTranslateStandIn({
    accessKeyId: AWS_KEY_ID,
    secretAccessKey: AWS_SECRET,
    region: REGION,
  });
  Object.assign(process.env, {
    // Nothing from the developer's ~/.aws may leak into the tests.
    AWS_CONFIG_FILE: "/nonexistent/babelgram-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/babelgram-test/credentials",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
});
afterEach(() => {
  papago.reset();
  deepl.reset();
  google.reset();
  aws.reset();
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([papago.close(), deepl.close(), google.close(), aws.close()]);
});

const papagoTranslator = () =>
  createPapagoTranslator({ clientId: PAPAGO_ID, clientSecret: PAPAGO_SECRET, apiUrl: papago.url });
const deeplTranslator = () => createDeepLTranslator({ apiKey: DEEPL_KEY, apiUrl: deepl.url });
const awsTranslator = () =>
  createAwsTranslator({
    region: REGION,
    endpoint: aws.url,
    credentials: { accessKeyId: AWS_KEY_ID, secretAccessKey: AWS_SECRET },
  });

/** A request's JSON body. */
const bodyOf = (request: { raw: string } | undefined): unknown =>
  JSON.parse(request?.raw ?? "null");

describe("formalityIn", () => {
  it("matches a code, or its language when the list names the language alone", () => {
    const targets = new Set(["de", "pt", "pt-PT", "fr-CA"]);
    expect(formalityIn(targets, "de")).toBe(true);
    expect(formalityIn(targets, "DE")).toBe(true);
    expect(formalityIn(targets, "pt-BR")).toBe(true);
    expect(formalityIn(targets, "fr-CA")).toBe(true);
    expect(formalityIn(targets, "fr")).toBe(false);
    expect(formalityIn(new Set(["pt-PT"]), "pt")).toBe(false);
    expect(formalityIn(targets, "en")).toBe(false);
    expect(formalityIn(undefined, "de")).toBe(false);
  });
});

describe("Papago honorific", () => {
  it("says it honours formality into Korean and Japanese", () => {
    expect(papagoTranslator().formality).toBe(PAPAGO_FORMALITY);
    expect([...PAPAGO_FORMALITY].sort()).toEqual(["ja", "ko"]);
  });

  it("sends honorific: true (a JSON boolean) for a formal translation into Korean or Japanese", async () => {
    const translator = papagoTranslator();
    const ko = await ask(
      translator,
      { text: "How are you?", source: "en", target: "ko" },
      "formal",
    );
    expect(ko).toMatchObject({ text: "formal:ko:How are you?", provider: "papago" });
    const ja = await ask(translator, { text: "안녕하세요", source: "ko", target: "ja" }, "formal");
    expect(ja.text).toBe("formal:ja:안녕하세요");
    expect(papago.requests.map((request) => request.honorific)).toEqual([true, true]);
    expect(bodyOf(papago.requests[0])).toEqual({
      source: "en",
      target: "ko",
      text: "How are you?",
      honorific: true,
    });
  });

  it("sends no honorific into other targets, for informal, or when nothing is asked", async () => {
    const translator = papagoTranslator();
    const en = await ask(translator, { text: "안녕하세요", source: "ko", target: "en" }, "formal");
    expect(en.text).toBe("en:안녕하세요");
    // Papago has no informal switch: informal is its default.
    const informal = await ask(
      translator,
      { text: "How are you?", source: "en", target: "ko" },
      "informal",
    );
    expect(informal.text).toBe("ko:How are you?");
    await translator.translate({ text: "How are you?", source: "en", target: "ko" });
    expect(papago.requests).toHaveLength(3);
    for (const request of papago.requests) expect(bodyOf(request)).not.toHaveProperty("honorific");
  });

  it("has a stand-in that takes honorific only as a boolean, as Papago documents it", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(`${papago.url}/nmt/v1/translation`, {
        method: "POST",
        headers: {
          "X-NCP-APIGW-API-KEY-ID": PAPAGO_ID,
          "X-NCP-APIGW-API-KEY": PAPAGO_SECRET,
          "Content-Type": type,
        },
        body,
      });
    const asString = await post(
      JSON.stringify({ source: "en", target: "ko", text: "Hi", honorific: "true" }),
    );
    expect(asString.status).toBe(400);
    const form = await post(
      "source=en&target=ko&text=Hi&honorific=true",
      "application/x-www-form-urlencoded",
    );
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('"translatedText":"formal:ko:Hi"');
  });
});

describe("DeepL formality", () => {
  it("says it honours formality in the targets DeepL documents", () => {
    expect(deeplTranslator().formality).toBe(DEEPL_FORMALITY);
    for (const code of ["de", "fr", "it", "es", "nl", "pl", "pt", "pt-PT", "ja", "ru"]) {
      expect(formalityIn(DEEPL_FORMALITY, code)).toBe(true);
    }
    expect(formalityIn(DEEPL_FORMALITY, "ko")).toBe(false);
    expect(formalityIn(DEEPL_FORMALITY, "en")).toBe(false);
  });

  it("asks prefer_more for formal and prefer_less for informal, in batches too", async () => {
    const translator = deeplTranslator();
    const formal = await ask(
      translator,
      { text: "Are you sure?", source: "en", target: "de" },
      "formal",
    );
    expect(formal.text).toBe("formal:DE:Are you sure?");
    const informal = await translator.translateBatch!({
      texts: ["Are you sure?", "See you"],
      source: "en",
      target: "pt",
      formality: "informal",
    });
    expect(informal.map((result) => result.text)).toEqual([
      "informal:PT-BR:Are you sure?",
      "informal:PT-BR:See you",
    ]);
    expect(deepl.requests.map((request) => deeplParams(request)?.formality)).toEqual([
      "prefer_more",
      "prefer_less",
    ]);
    expect(deepl.requests).toHaveLength(2);
  });

  it("leaves formality out for a target without it, and when nothing is asked", async () => {
    const translator = deeplTranslator();
    const ko = await ask(
      translator,
      { text: "Are you sure?", source: "en", target: "ko" },
      "formal",
    );
    expect(ko.text).toBe("KO:Are you sure?");
    await translator.translate({ text: "Are you sure?", source: "en", target: "de" });
    expect(deepl.requests.map((request) => deeplParams(request)?.formality)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("has a stand-in that refuses more for a target without formality, but not prefer_more", async () => {
    const post = (formality: string, target: string) =>
      fetch(`${deepl.url}/v2/translate`, {
        method: "POST",
        headers: {
          Authorization: `DeepL-Auth-Key ${DEEPL_KEY}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ text: ["Hi"], target_lang: target, formality }),
      });
    const more = await post("more", "EN-US");
    expect(more.status).toBe(400);
    expect(await more.json()).toEqual({
      message: "'formality' is not supported for given 'target_lang'.",
    });
    const prefer = await post("prefer_more", "EN-US");
    expect(prefer.status).toBe(200);
    expect(await prefer.json()).toMatchObject({ translations: [{ text: "EN-US:Hi" }] });
    expect((await post("less", "DE")).status).toBe(200);
    expect((await post("posh", "DE")).status).toBe(400);
  });
});

describe("Amazon Translate formality", () => {
  it("says it honours formality in the targets Amazon documents, Brazilian Portuguese not", () => {
    expect(awsTranslator().formality).toBe(AWS_FORMALITY);
    for (const code of ["ko", "ja", "de", "fr-CA", "es-MX", "pt-PT", "hi"]) {
      expect(formalityIn(AWS_FORMALITY, code)).toBe(true);
    }
    expect(formalityIn(AWS_FORMALITY, "pt")).toBe(false);
    expect(formalityIn(AWS_FORMALITY, "en")).toBe(false);
  });

  it("sends Settings.Formality FORMAL or INFORMAL", async () => {
    const translator = awsTranslator();
    const formal = await ask(
      translator,
      { text: "How are you?", source: "en", target: "ko" },
      "formal",
    );
    expect(formal).toMatchObject({ text: "formal:ko:How are you?", provider: "aws" });
    const informal = await ask(
      translator,
      { text: "How are you?", source: "en", target: "de" },
      "informal",
    );
    expect(informal.text).toBe("informal:de:How are you?");
    expect(aws.requests.map((request) => request.settings)).toEqual([
      { Formality: "FORMAL" },
      { Formality: "INFORMAL" },
    ]);
  });

  it("sends no Settings into a target without formality, nor when nothing is asked", async () => {
    const translator = awsTranslator();
    const en = await ask(translator, { text: "안녕하세요", source: "ko", target: "en" }, "formal");
    expect(en.text).toBe("en:안녕하세요");
    await translator.translate({ text: "How are you?", source: "en", target: "ko" });
    expect(aws.requests).toHaveLength(2);
    expect(aws.requests.map((request) => request.settings)).toEqual([undefined, undefined]);
  });
});

describe("a provider without formality", () => {
  it("translates as usual when formality is asked", async () => {
    const translator = createGoogleTranslator({ apiKey: GOOGLE_KEY, apiUrl: google.url });
    expect(translator.formality).toBeUndefined();
    const result = await ask(
      translator,
      { text: "Are you sure?", source: "en", target: "de" },
      "formal",
    );
    expect(result.text).toBe("de:Are you sure?");
    expect(google.requests).toHaveLength(1);
    expect(google.requests[0]?.raw).not.toMatch(/formal/i);
  });
});

/** A translator that records every request it gets: "<target>:<text>", "formal:" before it. */
function recording(name = "inner") {
  const requests: TranslateRequest[] = [];
  const translator: Translator = {
    name,
    real: true,
    translate(request) {
      requests.push(request);
      const register = request.formality === undefined ? "" : `${request.formality}:`;
      return Promise.resolve({
        text: `${register}${request.target}:${request.text}`,
        source: request.source,
        target: request.target,
        provider: name,
      });
    },
  };
  return { translator, requests };
}

describe("the translation cache", () => {
  it("keys formality: formal, informal and default are three translations", () => {
    const request = { text: "hello", source: "en", target: "ko" };
    const plain = cacheKey(request);
    const formal = cacheKey(request, { options: { formality: "formal" } });
    const informal = cacheKey(request, { options: { formality: "informal" } });
    expect(new Set([plain.text, formal.text, informal.text]).size).toBe(3);
    expect(formal).toMatchObject({ source: "en", target: "ko", provider: "any" });
  });

  it("serves a formal translation only to a formal request", async () => {
    const { translator, requests } = recording();
    const cache = createCachedTranslator(translator, createMemoryStore());
    const ask = (formality?: "formal" | "informal") =>
      cache.lookup({ text: "How are you?", source: "en", target: "ko", formality });
    expect(await ask("formal")).toMatchObject({
      result: { text: "formal:ko:How are you?" },
      hit: false,
    });
    expect(await ask()).toMatchObject({ result: { text: "ko:How are you?" }, hit: false });
    expect(await ask("formal")).toMatchObject({
      result: { text: "formal:ko:How are you?" },
      hit: true,
    });
    expect(await ask("informal")).toMatchObject({ hit: false });
    expect(requests.map((request) => request.formality)).toEqual(["formal", undefined, "informal"]);
  });

  it("keeps the inner translator's formality targets", () => {
    const { translator } = recording();
    const cache = createCachedTranslator(
      { ...translator, formality: new Set(["ko"]) },
      createMemoryStore(),
    );
    expect(cache.formality).toEqual(new Set(["ko"]));
  });
});

/** An in-process provider that records its calls; fails while `failing` says so. */
function provider(
  name: string,
  options: { formality?: string[]; languages?: string[]; failing?: () => boolean } = {},
) {
  const calls: ProviderCall[] = [];
  const translator = createProvider({
    name,
    capabilities: {
      maxTexts: 10,
      limit: { unit: "chars", max: 1000 },
      autoDetect: true,
      ...(options.languages === undefined ? {} : { languages: new Set(options.languages) }),
    },
    ...(options.formality === undefined ? {} : { formality: new Set(options.formality) }),
    secrets: [],
    call(call, kit) {
      calls.push(call);
      if (options.failing?.() === true) throw kit.fail("server", `${name} is down`);
      const register = call.formality === undefined ? "" : `${call.formality}:`;
      return Promise.resolve({
        texts: call.texts.map((text) => `${name}:${register}${call.target}:${text}`),
      });
    },
  });
  return { translator, calls };
}

describe("the provider kit", () => {
  it("passes formality to the provider only for the targets it lists", async () => {
    const { translator, calls } = provider("p", { formality: ["de"] });
    await translator.translate({ text: "Hi", source: "en", target: "de", formality: "formal" });
    await translator.translate({ text: "Hi", source: "en", target: "en", formality: "formal" });
    expect(calls.map((call) => call.formality)).toEqual(["formal", undefined]);
    expect(translator.formality).toEqual(new Set(["de"]));
  });
});

describe("the fallback chain", () => {
  it("passes formality to every provider it tries, and one without it still translates", async () => {
    let down = true;
    const first = provider("first", { formality: ["de"], failing: () => down });
    const second = provider("second");
    const chain = createFallbackTranslator([first.translator, second.translator]);
    const request = { text: "Hi", source: "en", target: "de", formality: "formal" as const };
    expect((await chain.translate(request)).text).toBe("second:de:Hi");
    down = false;
    expect((await chain.translate(request)).text).toBe("first:formal:de:Hi");
    const batch = await chain.translateBatch({
      texts: ["Hi", "Bye"],
      source: "en",
      target: "de",
      formality: "informal",
    });
    expect(batch.map((result) => result.text)).toEqual([
      "first:informal:de:Hi",
      "first:informal:de:Bye",
    ]);
    expect(first.calls.map((call) => call.formality)).toEqual(["formal", "formal", "informal"]);
  });

  it("honours formality in the targets of the first provider that translates into them", () => {
    const papagoLike = provider("papago", { formality: ["ko", "ja"] }).translator;
    const deeplLike = provider("deepl", {
      formality: ["de", "ja", "pt"],
      languages: ["de", "en", "ja", "ko", "pt"],
    }).translator;
    const plain = provider("plain", { languages: ["de", "ko"] }).translator;
    // Papago translates into anything (it lists no languages): it answers for every target.
    expect(chainFormality([papagoLike, deeplLike])).toEqual(new Set(["ko", "ja"]));
    expect(chainFormality([deeplLike, papagoLike])).toEqual(new Set(["de", "ja", "pt"]));
    // A provider without formality that answers for de and ko first: only ja and pt are left.
    expect(chainFormality([plain, deeplLike, papagoLike])).toEqual(new Set(["ja", "pt"]));
    expect(chainFormality([plain])).toBeUndefined();
    const chain = createFallbackTranslator([deeplLike, papagoLike]);
    expect(chain.formality).toEqual(new Set(["de", "ja", "pt"]));
    expect(createFallbackTranslator([plain]).formality).toBeUndefined();
  });
});

describe("batching", () => {
  it("keeps formal, informal and default requests in separate batches, each with its formality", async () => {
    const batches: BatchRequest[] = [];
    const singles: TranslateRequest[] = [];
    const inner: EachTranslator = {
      name: "inner",
      real: true,
      formality: new Set(["de"]),
      translate(request) {
        singles.push(request);
        return Promise.resolve({ ...request, provider: "inner" });
      },
      translateEach(request) {
        batches.push(request);
        return Promise.resolve(
          request.texts.map((text) => ({ ...request, text, provider: "inner" })),
        );
      },
    };
    const batching = createBatchingTranslator(inner);
    const ask = (text: string, formality?: "formal" | "informal") =>
      batching.translate({ text, source: "en", target: "de", formality });
    await Promise.all([ask("a", "formal"), ask("b", "formal"), ask("c"), ask("d", "informal")]);
    expect(batches.map((batch) => [batch.texts, batch.formality])).toEqual([
      [["a", "b"], "formal"],
    ]);
    expect(singles.map((single) => [single.text, single.formality])).toEqual([
      ["c", undefined],
      ["d", "informal"],
    ]);
    expect(batching.formality).toEqual(new Set(["de"]));
  });
});
