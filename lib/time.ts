export { parseDuration } from "./policy/duration";

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
