// The one interface every translation provider implements.

export interface TranslateRequest {
  text: string;
  /** ISO 639-1 code (Papago's zh-CN / zh-TW for Chinese), or "auto" to let the provider detect. */
  source: string;
  target: string;
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

export interface Translator {
  /** Short lowercase name, as written in TRANSLATOR. */
  readonly name: string;
  /** Attribution that must be shown to users (Papago requires "Translated by Papago"), if any. */
  readonly attribution?: string;
  /** Whether the translations are real; the pseudo translator says false. */
  readonly real: boolean;
  /** Throws ProviderError on failure. */
  translate(request: TranslateRequest): Promise<TranslateResult>;
}
