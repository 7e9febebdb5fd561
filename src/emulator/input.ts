// Reading control API requests: the query string merged with a JSON body, read back by type with
// errors that name the field.
import type { IncomingMessage } from "node:http";
import { ControlError } from "./errors.js";
import { readBody } from "./http.js";
import { isObject } from "./params.js";

const MAX_BODY_BYTES = 1024 * 1024;

const invalid = (name: string, expected: string) =>
  new ControlError(400, `${name}: expected ${expected}`);

export class Input {
  constructor(private readonly values: Record<string, unknown>) {}

  static async read(req: IncomingMessage, url: URL): Promise<Input> {
    const values: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) throw new ControlError(413, "request body too large");
    if (body.length === 0) return new Input(values);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      throw new ControlError(400, "the body must be JSON");
    }
    if (!isObject(parsed)) throw new ControlError(400, "the body must be a JSON object");
    return new Input({ ...values, ...parsed });
  }

  /** These values on top of the request's: a route's path parameters. */
  with(extra: Record<string, unknown>): Input {
    return new Input({ ...this.values, ...extra });
  }

  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  optionalString(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const value = this.values[name];
    if (typeof value !== "string") throw invalid(name, "a string");
    return value;
  }

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === "") throw invalid(name, "a non-empty string");
    return value;
  }

  optionalNumber(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    const value = this.values[name];
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number)) throw invalid(name, "a number");
    return number;
  }

  optionalInteger(name: string): number | undefined {
    if (!this.has(name)) return undefined;
    const value = this.values[name];
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number)) {
      throw invalid(name, "a whole number");
    }
    return number;
  }

  integer(name: string): number {
    const value = this.optionalInteger(name);
    if (value === undefined) throw invalid(name, "a whole number");
    return value;
  }

  boolean(name: string): boolean {
    const value = this.values[name];
    if (value === undefined || value === null) return false;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "false") return value === "true";
    throw invalid(name, "true or false");
  }

  integers(name: string): number[] {
    const value = this.values[name] ?? [];
    if (!Array.isArray(value) || !value.every((item) => Number.isSafeInteger(item))) {
      throw invalid(name, "an array of whole numbers");
    }
    return value as number[];
  }

  optionalArray(name: string): unknown[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.values[name];
    if (!Array.isArray(value)) throw invalid(name, "an array");
    return value as unknown[];
  }

  object(name: string): Record<string, unknown> {
    const value = this.values[name];
    if (!isObject(value)) throw invalid(name, "an object");
    return value;
  }
}
