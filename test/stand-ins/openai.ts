// A local stand-in for an OpenAI-compatible chat-completions endpoint, built from the documented
// contract (/work/shared/notes/translation-providers.md, OpenAI's API reference): `POST
// /v1/chat/completions` with `Authorization: Bearer <key>` (checked when the stand-in has a key),
// answers {"id","object":"chat.completion","model","choices":[{"message":{"role":"assistant",
// "content"},"finish_reason":"stop"}],"usage"} and errors {"error":{"message","type","param","code"}}
// (401 invalid_api_key, 404 model_not_found, 429 rate_limit_exceeded / insufficient_quota,
// 400 context_length_exceeded, 500/503 server_error).
//
// It is no model: it reads what to translate from babelgram's request. The last user message must be
// JSON {"target": "<code>", "texts": ["…", …]} (src/translate/openai.ts writes it so), and each text's
// "translation" is `${target}:${text}`: plain content for one text, {"translations":[…]} for
// several. It also holds babelgram to its side of the contract, answering 400 (message starting
// "stand-in:") when a request breaks it: temperature other than 0, a system message missing, content
// that is not that JSON, several texts without the strict json_schema response_format.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type OpenAiPreset =
  | "auth"
  | "quota"
  | "rate"
  | "context-length"
  | "server"
  | "overloaded"
  | "truncated"
  | "malformed"
  | "hang";
/** A preset, or a raw answer (a string body is sent as it is, anything else as JSON). */
export type OpenAiFailure = OpenAiPreset | { status: number; body: unknown };

export interface OpenAiRequest {
  method: string;
  path: string;
  /** Lowercased names, as Node gives them. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ChatRequest | undefined;
  /** What the stand-in read from the last user message, when it could. */
  input: { target: string; texts: string[] } | undefined;
  raw: string;
}

export interface ChatRequest {
  model?: unknown;
  temperature?: unknown;
  messages?: unknown;
  response_format?: unknown;
  [key: string]: unknown;
}

export interface OpenAiStandIn {
  /** The base URL, up to and including /v1 (use as OPENAI_BASE_URL). */
  url: string;
  /** Every request received, in order of arrival. */
  readonly requests: OpenAiRequest[];
  /** The next `count` requests get this answer instead of the normal one. */
  failNext(count: number, failure: OpenAiFailure): void;
  /** Forgets failures and the log; requests left hanging are dropped. */
  reset(): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

export const OPENAI_STAND_IN_MODELS = ["gpt-4o-mini", "gpt-4o", "local-model"];

const apiError = (
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): Answer => ({ status, body: { error: { message, type, param, code } } });

/** A chat.completion body as OpenAI sends it. */
export function chatCompletion(
  content: string,
  options: { model?: string; finishReason?: string } = {},
): Record<string, unknown> {
  return {
    id: "chatcmpl-standin",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: options.model ?? "gpt-4o-mini",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null },
        logprobs: null,
        finish_reason: options.finishReason ?? "stop",
      },
    ],
    usage: {
      prompt_tokens: 10,
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: 10 + Math.ceil(content.length / 4),
    },
  };
}

const PRESETS: Record<Exclude<OpenAiPreset, "hang">, Answer> = {
  auth: apiError(
    401,
    "Incorrect API key provided: sk-wr***ong. You can find your API key at https://platform.openai.com/account/api-keys.",
    "invalid_request_error",
    "invalid_api_key",
  ),
  quota: apiError(
    429,
    "You exceeded your current quota, please check your plan and billing details.",
    "insufficient_quota",
    "insufficient_quota",
  ),
  rate: apiError(
    429,
    "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.",
    "requests",
    "rate_limit_exceeded",
  ),
  "context-length": apiError(
    400,
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
    "invalid_request_error",
    "context_length_exceeded",
    "messages",
  ),
  server: apiError(
    500,
    "The server had an error while processing your request. Sorry about that!",
    "server_error",
    null,
  ),
  overloaded: apiError(
    503,
    "The engine is currently overloaded, please try again later.",
    "server_error",
    null,
  ),
  truncated: { status: 200, body: chatCompletion("en:Once upon a", { finishReason: "length" }) },
  malformed: { status: 200, body: '{"id":"chatcmpl-standin","object":"chat.compl' },
};

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The {target, texts} babelgram puts into the last user message as JSON. */
function inputOf(body: ChatRequest | undefined): OpenAiRequest["input"] {
  const messages = Array.isArray(body?.messages) ? (body.messages as unknown[]) : [];
  const user = messages.filter((m) => isObject(m) && m.role === "user").at(-1);
  const content = isObject(user) ? user.content : undefined;
  if (typeof content !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(content);
    if (!isObject(parsed) || typeof parsed.target !== "string") return undefined;
    const texts = parsed.texts;
    if (!Array.isArray(texts) || !texts.every((t) => typeof t === "string")) return undefined;
    return { target: parsed.target, texts };
  } catch {
    return undefined;
  }
}

/** The strict json_schema response_format for {"translations": string[]}. */
function asksForTranslations(format: unknown): boolean {
  if (!isObject(format) || format.type !== "json_schema") return false;
  const spec = format.json_schema;
  if (!isObject(spec) || spec.strict !== true || typeof spec.name !== "string") return false;
  const schema = spec.schema;
  if (!isObject(schema) || schema.type !== "object" || schema.additionalProperties !== false) {
    return false;
  }
  const properties = schema.properties;
  const translations = isObject(properties) ? properties.translations : undefined;
  const items = isObject(translations) ? translations.items : undefined;
  return (
    isObject(translations) &&
    translations.type === "array" &&
    isObject(items) &&
    items.type === "string" &&
    Array.isArray(schema.required) &&
    schema.required.includes("translations")
  );
}

export async function startOpenAiStandIn(
  options: {
    /** When set, every request must carry `Authorization: Bearer <apiKey>`. */
    apiKey?: string;
    /** The characters over all texts of one request past which it is context_length_exceeded. */
    maxInputChars?: number;
  } = {},
): Promise<OpenAiStandIn> {
  const maxInputChars = options.maxInputChars ?? 8000;
  const requests: OpenAiRequest[] = [];
  const failures: OpenAiFailure[] = [];
  let hanging: (() => void)[] = [];
  const standIn = (message: string) =>
    apiError(400, `stand-in: ${message}`, "invalid_request_error", null);

  function answer(request: OpenAiRequest): Answer {
    if (request.method !== "POST" || request.path !== "/v1/chat/completions") {
      return apiError(
        404,
        `Invalid URL (${request.method} ${request.path})`,
        "invalid_request_error",
        null,
      );
    }
    if (options.apiKey !== undefined) {
      const authorization = request.headers.authorization;
      if (authorization === undefined) {
        return apiError(
          401,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          "invalid_request_error",
          null,
        );
      }
      if (authorization !== `Bearer ${options.apiKey}`) return PRESETS.auth;
    }
    const body = request.body;
    if (body === undefined || !isObject(body)) {
      return apiError(
        400,
        "We could not parse the JSON body of your request.",
        "invalid_request_error",
        null,
      );
    }
    if (typeof body.model !== "string") {
      return apiError(400, "you must provide a model parameter", "invalid_request_error", null);
    }
    if (!OPENAI_STAND_IN_MODELS.includes(body.model)) {
      return apiError(
        404,
        `The model \`${body.model}\` does not exist or you do not have access to it.`,
        "invalid_request_error",
        "model_not_found",
      );
    }
    if (body.temperature !== 0) return standIn("babelgram sends temperature 0");
    const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
    const shaped = messages.every(
      (m) =>
        isObject(m) &&
        ["system", "user", "assistant"].includes(String(m.role)) &&
        typeof m.content === "string",
    );
    if (messages.length < 2 || !shaped) {
      return standIn("messages must be {role, content: string} objects, a system prompt first");
    }
    if (!isObject(messages[0]) || messages[0].role !== "system") {
      return standIn("the first message must be the system prompt");
    }
    const input = request.input;
    if (input === undefined) {
      return standIn('the last user message must be JSON {"target": "<code>", "texts": [...]}');
    }
    if (input.texts.length === 0) return standIn("no texts to translate");
    const structured = body.response_format !== undefined;
    if (structured && !asksForTranslations(body.response_format)) {
      return standIn("response_format must be the strict json_schema of {translations: string[]}");
    }
    if (input.texts.length > 1 && !structured) {
      return standIn("several texts need the json_schema response_format");
    }
    const chars = input.texts.reduce((sum, t) => sum + t.length, 0);
    if (chars > maxInputChars) return PRESETS["context-length"];
    const translations = input.texts.map((t) => `${input.target}:${t}`);
    const content = structured ? JSON.stringify({ translations }) : (translations[0] ?? "");
    return { status: 200, body: chatCompletion(content, { model: body.model }) };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: ChatRequest | undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        body = isObject(parsed) ? parsed : undefined;
      } catch {
        body = undefined;
      }
      const request: OpenAiRequest = {
        method: req.method ?? "",
        path: new URL(req.url ?? "/", "http://stand-in").pathname,
        headers: flatten(req.headers),
        body,
        input: inputOf(body),
        raw,
      };
      requests.push(request);
      const failure = failures.shift();
      if (failure === "hang") {
        await new Promise<void>((resolve) => hanging.push(resolve));
        res.destroy();
        return;
      }
      const { status, body: answerBody } =
        failure === undefined
          ? answer(request)
          : typeof failure === "string"
            ? PRESETS[failure]
            : failure;
      if (res.destroyed) return;
      res.writeHead(status, {
        "Content-Type": "application/json",
        "x-request-id": "req_standin",
      });
      res.end(typeof answerBody === "string" ? answerBody : JSON.stringify(answerBody));
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const dropHanging = () => {
    for (const resolve of hanging) resolve();
    hanging = [];
  };

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    reset() {
      failures.length = 0;
      dropHanging();
      requests.length = 0;
    },
    async close() {
      dropHanging();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
