// Globs where only `*` is special: it matches any run of characters (dots and newlines
// included, possibly empty); everything else is literal and the whole string must match.
// Matching is by anchored prefix/suffix plus leftmost indexOf of the middle pieces, which is
// exact for `*`-only globs and linear-time; a backtracking RegExp like ^.*a.*a.*b$ can take
// polynomial time on agent-controlled input.

export type StringTest = (s: string) => boolean;

const always: StringTest = () => true;

export function compileGlob(pattern: string): StringTest {
  const parts = pattern.split("*");
  if (parts.length === 1) return (s) => s === pattern;
  if (parts.every((p) => p === "")) return always;
  const head = parts[0] as string;
  const tail = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const minLength = parts.reduce((n, p) => n + p.length, 0);
  if (middle.length === 0) {
    if (tail === "") return (s) => s.startsWith(head);
    if (head === "") return (s) => s.endsWith(tail);
    return (s) => s.length >= minLength && s.startsWith(head) && s.endsWith(tail);
  }
  if (middle.length === 1 && head === "" && tail === "") {
    const needle = middle[0] as string;
    return (s) => s.includes(needle);
  }
  return (s) => {
    if (s.length < minLength || !s.startsWith(head) || !s.endsWith(tail)) return false;
    let from = head.length;
    const end = s.length - tail.length;
    for (let i = 0; i < middle.length; i++) {
      const piece = middle[i] as string;
      const at = s.indexOf(piece, from);
      if (at < 0 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}

/** One test for "any of these patterns": exact strings by equality or Set, globs after. */
export function compilePatterns(patterns: string | readonly string[]): StringTest {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  const exact = list.filter((p) => !p.includes("*"));
  const globs = list.filter((p) => p.includes("*")).map(compileGlob);
  if (globs.length === 0) {
    if (exact.length === 1) {
      const only = exact[0] as string;
      return (s) => s === only;
    }
    const set = new Set(exact);
    return (s) => set.has(s);
  }
  if (exact.length === 0 && globs.length === 1) return globs[0] as StringTest;
  const set = new Set(exact);
  return (s) => {
    if (set.has(s)) return true;
    for (let i = 0; i < globs.length; i++) if ((globs[i] as StringTest)(s)) return true;
    return false;
  };
}
