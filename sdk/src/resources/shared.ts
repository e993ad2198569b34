import type { CallOptions } from "../types/common.js";

/** A path segment from an id, escaped so an id can never reach another route. */
export const seg = (id: string): string => encodeURIComponent(id);

/** The per-call options a request spec takes. */
export const call = (options: CallOptions) => ({ signal: options.signal, timeoutMs: options.timeoutMs });
