// The one interface every translation provider implements.

/**
 * Formal or informal address (German Sie/du, Korean 존댓말/반말). A preference, never a requirement:
 * a provider honours it only in the targets it lists in Translator.formality and translates as
 * usual elsewhere (and so does the next provider of a chain that cannot honour it).
 */
export type Formality = "formal" | "informal";

export interface TranslateRequest {
  text: string;
  /** ISO 639-1 code (Papago's zh-CN / zh-TW for Chinese), or "auto" to let the provider detect. */
  source: string;
  target: string;
  /** Asked-for address; left out: the provider's default. */
  formality?: Formality;
  /** Aborts the call (the caller's time budget ran out). */
  signal?: AbortSignal;
}

export interface TranslateResult {
  text: string;
  /** The source language the provider used or detected. */
  source: string;
  target: string;
  /** Which provider produced the text, e.g. "papago". */
  provider: string;
}

/** What a provider can do, so that callers split, batch and choose providers by it. */
export interface Capabilities {
  /** The most texts one call may carry (1 for providers that take a single text). */
  maxTexts: number;
  /** The limit of one call, over all its texts: in UTF-16 characters or in UTF-8 bytes. */
  limit: { unit: "chars" | "bytes"; max: number };
  /** Whether "auto" works as the source language. */
  autoDetect: boolean;
  /** Target languages it can produce (babelgram's codes); undefined when not known up front. */
  languages?: ReadonlySet<string>;
}

export interface BatchRequest {
  /** Several texts from one source language into one target language. */
  texts: readonly string[];
  source: string;
  target: string;
  formality?: Formality;
  signal?: AbortSignal;
}

export interface Translator {
  /** Short lowercase name, as written in TRANSLATOR. */
  readonly name: string;
  /** Attribution that must be shown to users (Papago requires "Translated by Papago"), if any. */
  readonly attribution?: string;
  /** Whether the translations are real; the pseudo translator says false. */
  readonly real: boolean;
  /** Throws ProviderError on failure. */
  translate(request: TranslateRequest): Promise<TranslateResult>;
  /** Known for real providers; the pseudo translator and test doubles may leave it out. */
  readonly capabilities?: Capabilities;
  /**
   * The targets (babelgram's codes; "pt" also covers "pt-BR") in which it can be asked for formal
   * or informal address (TranslateRequest.formality); left out: none.
   */
  readonly formality?: ReadonlySet<string>;
  /** Translates several texts in as few calls as the provider allows, results in the same order. */
  translateBatch?(request: BatchRequest): Promise<TranslateResult[]>;
}
