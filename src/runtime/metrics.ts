// Prometheus metrics for the webhook server (GET /metrics): deliveries by outcome, their latency, and
// what translation costs (calls and characters per provider). Process metrics come with prom-client.
import { API_CONSTANTS } from "grammy";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { ProviderError } from "../errors.js";
import type { Translator } from "../translate/types.js";
import type { WebhookObserver } from "./webhook-core.js";

export interface Metrics {
  observer: WebhookObserver;
  /** Wraps a translator so that its calls and characters are counted. */
  countTranslations(translator: Translator): Translator;
  render(): Promise<string>;
  readonly contentType: string;
}

// A delivery's type comes from its JSON: anything not a Telegram update type is counted as "other",
// so that made-up types can neither grow the label set without bound nor put text into the output.
const UPDATE_TYPES = new Set<string>(API_CONSTANTS.ALL_UPDATE_TYPES);
const typeLabel = (type: string | undefined) =>
  type === undefined ? "none" : UPDATE_TYPES.has(type) ? type : "other";

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "babelgram_" });
  const received = new Counter({
    name: "babelgram_updates_received_total",
    help: "Webhook deliveries received, by update type (rejected requests have type none, unknown types other)",
    labelNames: ["type"],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: "babelgram_updates_total",
    help: "Webhook deliveries by result: handled, failed, deferred, duplicate, ignored, rejected",
    labelNames: ["result"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "babelgram_webhook_duration_seconds",
    help: "Time from a delivery's arrival to its answer",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const calls = new Counter({
    name: "babelgram_translator_calls_total",
    help: "Calls to translation providers, by provider and outcome (ok or the failure kind)",
    labelNames: ["provider", "outcome"],
    registers: [registry],
  });
  const characters = new Counter({
    name: "babelgram_translator_characters_total",
    help: "Characters sent to translation providers (what they bill)",
    labelNames: ["provider"],
    registers: [registry],
  });

  return {
    observer: {
      delivery({ result, seconds, type }) {
        received.inc({ type: typeLabel(type) });
        outcomes.inc({ result });
        latency.observe(seconds);
      },
    },
    countTranslations(translator) {
      return {
        name: translator.name,
        real: translator.real,
        ...(translator.attribution === undefined ? {} : { attribution: translator.attribution }),
        async translate(request) {
          characters.inc({ provider: translator.name }, request.text.length);
          try {
            const result = await translator.translate(request);
            calls.inc({ provider: translator.name, outcome: "ok" });
            return result;
          } catch (error) {
            const outcome = error instanceof ProviderError ? error.kind : "error";
            calls.inc({ provider: translator.name, outcome });
            throw error;
          }
        },
      };
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
