// The AWS Lambda door of the webhook core: an API Gateway or Function URL event in, a proxy result
// out. It recognises the event by its shape and only translates; every decision is the core's.
import type { WebhookCore, WebhookRequest, WebhookResponse } from "./webhook-core.js";

type HeaderMap = Record<string, string | undefined> | null;

/** API Gateway REST API proxy integration, payload 1.0: headers in the case the client sent them. */
export interface RestApiEvent {
  httpMethod: string;
  headers?: HeaderMap;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** HTTP API payload 2.0 and Lambda Function URLs: lowercased headers, duplicates comma-joined. */
export interface HttpApiEvent {
  version: "2.0";
  requestContext: { http: { method: string } };
  headers?: HeaderMap;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export type LambdaEvent = RestApiEvent | HttpApiEvent;

/** What API Gateway (both kinds) and Function URLs accept; REST answers 502 to anything else. */
export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** The part of Lambda's context object this adapter could use; kept for the handler's signature. */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

export type LambdaHandler = (event: unknown, context?: LambdaContext) => Promise<LambdaResult>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): Record<string, string | readonly string[]> {
  const result: Record<string, string | readonly string[]> = {};
  if (!isObject(value)) return result;
  for (const [name, item] of Object.entries(value)) {
    if (typeof item === "string") result[name.toLowerCase()] = item;
    else if (Array.isArray(item) && item.every((part) => typeof part === "string")) {
      result[name.toLowerCase()] = item;
    }
  }
  return result;
}

/**
 * The event as the core's request, or undefined for a shape this is not. A version 2.0 event is told
 * by requestContext.http (a REST event behind a custom domain may carry rawPath too, so that is not
 * enough); a REST event by httpMethod.
 */
export function requestFromEvent(event: unknown): WebhookRequest | undefined {
  if (!isObject(event)) return undefined;
  const context = event.requestContext;
  const http = isObject(context) ? context.http : undefined;
  let method: unknown;
  let headers: Record<string, string | readonly string[]>;
  if (isObject(http)) {
    method = http.method;
    headers = strings(event.headers);
  } else {
    method = event.httpMethod;
    // Single-value headers win; multiValueHeaders fills in what they lack.
    headers = { ...strings(event.multiValueHeaders), ...strings(event.headers) };
  }
  const body = event.body ?? undefined;
  if (typeof method !== "string" || (body !== undefined && typeof body !== "string")) {
    return undefined;
  }
  return { method, headers, body, isBase64Encoded: event.isBase64Encoded === true };
}

function result(response: WebhookResponse): LambdaResult {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: false,
  };
}

const TEXT = { "content-type": "text/plain; charset=utf-8" };

export function createLambdaHandler(
  core: WebhookCore,
  options: { onError?: (error: unknown) => void } = {},
): LambdaHandler {
  return async (event) => {
    const request = requestFromEvent(event);
    if (request === undefined) {
      return result({
        status: 400,
        headers: TEXT,
        body: "not an API Gateway or Function URL event",
      });
    }
    try {
      return result(await core.handle(request));
    } catch (error) {
      // The core answers every delivery itself; this is a bug, and Telegram will re-send.
      options.onError?.(error);
      return result({ status: 500, headers: TEXT, body: "internal error" });
    }
  };
}
