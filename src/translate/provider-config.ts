// Every translation provider babelgram knows, in one table: how its settings are read from the
// environment (each provider file's `<name>OptionsFromEnv`, which returns undefined when the provider
// is not configured and throws a ConfigError naming the variable when a value is malformed), which
// variable to name when TRANSLATOR lists it unconfigured, and how its Translator is made.
import type { Env, PapagoConfig } from "../config.js";
import { createAwsTranslator, awsOptionsFromEnv, type AwsOptions } from "./aws.js";
import { createAzureTranslator, azureOptionsFromEnv, type AzureOptions } from "./azure.js";
import { createDeepLTranslator, deeplOptionsFromEnv, type DeepLOptions } from "./deepl.js";
import { createGoogleTranslator, googleOptionsFromEnv, type GoogleOptions } from "./google.js";
import {
  createLibreTranslateTranslator,
  libreTranslateOptionsFromEnv,
  type LibreTranslateOptions,
} from "./libretranslate.js";
import { createOpenAiTranslator, openAiOptionsFromEnv, type OpenAiOptions } from "./openai.js";
import { createPapagoTranslator } from "./papago.js";
import type { Translator } from "./types.js";

/**
 * The real providers, in the order used when TRANSLATOR is not set (every configured one, first one
 * first): Papago first as before (its Korean is the reason babelgram exists), then the providers
 * with batches and free tiers, the LLM last (slow, and it cannot say which language it read).
 * aws is only used when TRANSLATOR names it: its credentials come from the environment's AWS chain,
 * which is there on Lambda whether or not Amazon Translate is meant.
 */
export const PROVIDER_NAMES = [
  "papago",
  "deepl",
  "google",
  "azure",
  "libretranslate",
  "aws",
  "openai",
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Options of every provider, by name. */
interface OptionsOf {
  papago: PapagoConfig;
  deepl: DeepLOptions;
  google: GoogleOptions;
  azure: AzureOptions;
  libretranslate: LibreTranslateOptions;
  aws: AwsOptions;
  openai: OpenAiOptions;
}
type Available = ProviderName;

/** The configured providers' options; a provider is configured when its entry is there. */
export type ProviderOptions = { [K in Available]?: OptionsOf[K] };

interface Entry<K extends Available> {
  /** The variable a ConfigError names when TRANSLATOR lists the provider but it is not set up. */
  variable: string;
  /** What to set, for that error. */
  hint: string;
  /** Read by config.ts: papago's settings come from src/config/translation.ts itself. */
  fromEnv?(env: Env): OptionsOf[K] | undefined;
  create(options: OptionsOf[K], timeoutMs: number): Translator;
}

const ENTRIES: { [K in Available]: Entry<K> } = {
  papago: {
    variable: "PAPAGO_CLIENT_ID",
    hint: "set PAPAGO_CLIENT_ID and PAPAGO_CLIENT_SECRET",
    create: (options, timeoutMs) => createPapagoTranslator({ ...options, timeoutMs }),
  },
  deepl: {
    variable: "DEEPL_API_KEY",
    hint: "set DEEPL_API_KEY (your DeepL account, API keys)",
    fromEnv: deeplOptionsFromEnv,
    create: (options, timeoutMs) => createDeepLTranslator({ timeoutMs, ...options }),
  },
  google: {
    variable: "GOOGLE_TRANSLATE_API_KEY",
    hint: "set GOOGLE_TRANSLATE_API_KEY (a Google Cloud API key with the Translation API enabled)",
    fromEnv: googleOptionsFromEnv,
    create: (options, timeoutMs) => createGoogleTranslator({ timeoutMs, ...options }),
  },
  azure: {
    variable: "AZURE_TRANSLATOR_KEY",
    hint: "set AZURE_TRANSLATOR_KEY (and AZURE_TRANSLATOR_REGION for a regional resource)",
    fromEnv: azureOptionsFromEnv,
    create: (options, timeoutMs) => createAzureTranslator({ timeoutMs, ...options }),
  },
  libretranslate: {
    variable: "LIBRETRANSLATE_URL",
    hint: "set LIBRETRANSLATE_URL (and LIBRETRANSLATE_API_KEY if the host wants one)",
    fromEnv: libreTranslateOptionsFromEnv,
    create: (options, timeoutMs) => createLibreTranslateTranslator({ timeoutMs, ...options }),
  },
  aws: {
    variable: "AWS_REGION",
    hint: "set AWS_REGION and AWS credentials (or run with a role allowed translate:TranslateText)",
    fromEnv: awsOptionsFromEnv,
    create: (options, timeoutMs) => createAwsTranslator({ timeoutMs, ...options }),
  },
  openai: {
    variable: "OPENAI_API_KEY",
    hint: "set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server",
    fromEnv: openAiOptionsFromEnv,
    // A model writes a long translation token by token: its own default (30 s) unless
    // OPENAI_TIMEOUT_MS says otherwise, not the 5 s of the others.
    create: (options) => createOpenAiTranslator(options),
  },
};

/** Whether a name is a provider's (pseudo is not). */
export function isProvider(name: string): name is ProviderName {
  return Object.hasOwn(ENTRIES, name);
}

/** The options of every provider configured in the environment, except papago (src/config/). */
export function providerOptionsFromEnv(env: Env): ProviderOptions {
  const options: ProviderOptions = {};
  for (const name of Object.keys(ENTRIES) as Available[]) {
    const found = ENTRIES[name].fromEnv?.(env);
    if (found !== undefined) (options as Record<string, unknown>)[name] = found;
  }
  return options;
}

/** What a ConfigError says when TRANSLATOR lists a provider that is not configured. */
export function unconfigured(name: Available): { variable: string; message: string } {
  const entry = ENTRIES[name];
  return {
    variable: entry.variable,
    message: `is not set, but TRANSLATOR names ${name}; ${entry.hint}`,
  };
}

/** The provider's Translator, or undefined when it is not configured. */
export function createProviderTranslator(
  name: Available,
  options: ProviderOptions,
  timeoutMs: number,
): Translator | undefined {
  return create(name, options, timeoutMs);
}

function create<K extends Available>(
  name: K,
  options: ProviderOptions,
  timeoutMs: number,
): Translator | undefined {
  const own = options[name];
  return own === undefined ? undefined : ENTRIES[name].create(own, timeoutMs);
}

/** The keys and secrets in the providers' options, for the logger to scrub. */
export function providerSecrets(options: ProviderOptions): string[] {
  const secrets = [
    options.papago?.clientSecret,
    options.papago?.clientId,
    options.deepl?.apiKey,
    options.google?.apiKey,
    options.azure?.apiKey,
    options.libretranslate?.apiKey,
    options.openai?.apiKey,
    ...(options.aws?.secrets ?? []),
  ];
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== "");
}
