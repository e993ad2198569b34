import { isStorableText } from "./storable-text";

/**
 * Next's searchParams value → one non-empty string, or undefined (repeated params: the first).
 * What the database could not store (NUL, lone surrogates) matches nothing, so it reads as absent.
 */
export function oneParam(value: string | string[] | undefined, maxLength = 500): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || !isStorableText(v)) return undefined;
  const trimmed = v.trim().slice(0, maxLength);
  return trimmed === "" ? undefined : trimmed;
}

/** A query string from the given values, leaving out the empty ones. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
