// Globs where only `*` is special: it matches any run of characters (dots and newlines
// included, possibly empty); everything else is literal and the whole string must match.
// Matching is by anchored prefix/suffix plus leftmost indexOf of the middle pieces, which is
// exact for `*`-only globs and linear-time; a backtracking RegExp like ^.*a.*a.*b$ can take
// polynomial time on agent-controlled input. Globs are plain data read by top-level functions
// so the hot path makes monomorphic (inlinable) calls rather than calls through closures.

export type Glob = {
  readonly head: string;
  readonly tail: string;
  /** Non-empty pieces between stars, in order. */
  readonly middle: readonly string[];
  readonly minLength: number;
  /** True when the pattern has no `*` (exact equality with head). */
  readonly exact: boolean;
};

/** Any of several patterns: exact names in a Set, globs tried after. */
export type PatternSet = {
  /** Set when the patterns are a single exact string (the common case). */
  readonly single: string | null;
  readonly exact: ReadonlySet<string>;
  readonly globs: readonly Glob[];
};

export function parseGlob(pattern: string): Glob {
  const parts = pattern.split("*");
  if (parts.length === 1) return { head: pattern, tail: "", middle: [], minLength: pattern.length, exact: true };
  return {
    head: parts[0] as string,
    tail: parts[parts.length - 1] as string,
    middle: parts.slice(1, -1).filter((p) => p !== ""),
    minLength: parts.reduce((n, p) => n + p.length, 0),
    exact: false,
  };
}

export function globMatches(g: Glob, s: string): boolean {
  if (g.exact) return s === g.head;
  if (s.length < g.minLength) return false;
  if (g.head !== "" && !s.startsWith(g.head)) return false;
  if (g.tail !== "" && !s.endsWith(g.tail)) return false;
  const middle = g.middle;
  if (middle.length === 0) return true;
  let from = g.head.length;
  const end = s.length - g.tail.length;
  for (let i = 0; i < middle.length; i++) {
    const piece = middle[i] as string;
    const at = s.indexOf(piece, from);
    if (at < 0 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}

/** A standalone test for one glob (handy outside the hot path). */
export function compileGlob(pattern: string): (s: string) => boolean {
  const g = parseGlob(pattern);
  return (s) => globMatches(g, s);
}

export function compilePatternSet(patterns: string | readonly string[]): PatternSet {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  const exact = list.filter((p) => !p.includes("*"));
  const globs = list.filter((p) => p.includes("*")).map(parseGlob);
  return {
    single: exact.length === 1 && globs.length === 0 ? (exact[0] as string) : null,
    exact: new Set(exact),
    globs,
  };
}

export function patternSetMatches(p: PatternSet, s: string): boolean {
  if (p.single !== null) return s === p.single;
  if (p.exact.has(s)) return true;
  const globs = p.globs;
  for (let i = 0; i < globs.length; i++) if (globMatches(globs[i] as Glob, s)) return true;
  return false;
}
