import type { FactTest } from "./compile-condition";
import { compilePatternSet, type PatternSet, patternSetMatches } from "./glob";
import type { TPolicyMatch } from "./schema";
import type { IntentFacts } from "./types";

// `match` blocks: every given key must match; strings take globs, lists mean any of, and a key
// whose intent field is missing or null fails the match.
type CompiledMatch = {
  readonly stages: ReadonlySet<string> | null;
  readonly action: PatternSet | null;
  readonly environment: PatternSet | null;
  readonly agent: PatternSet | null;
  readonly destination: PatternSet | null;
  /** One pattern set per listed tag; each must be satisfied by some intent tag. */
  readonly riskTags: readonly PatternSet[] | null;
};

export function compileMatch(match: TPolicyMatch): FactTest {
  const patterns = (p: string | readonly string[] | undefined) => (p === undefined ? null : compilePatternSet(p));
  const m: CompiledMatch = {
    stages: match.stage === undefined ? null : new Set<string>(typeof match.stage === "string" ? [match.stage] : match.stage),
    action: patterns(match.action),
    environment: patterns(match.environment),
    agent: patterns(match.agent),
    destination: patterns(match.destination),
    riskTags:
      match.risk_tags === undefined
        ? null
        : (typeof match.risk_tags === "string" ? [match.risk_tags] : match.risk_tags).map((tag) => compilePatternSet(tag)),
  };
  return (f) => matchFacts(m, f);
}

// Cheap equality-style keys first so most rules are rejected after one comparison.
function matchFacts(m: CompiledMatch, f: IntentFacts): boolean {
  if (m.stages !== null && !m.stages.has(f.stage)) return false;
  if (m.action !== null && !stringMatches(m.action, f.action)) return false;
  if (m.environment !== null && !stringMatches(m.environment, f.environment)) return false;
  // An agent may be named in policy by its name or by its id.
  if (m.agent !== null && !stringMatches(m.agent, f.agent) && !stringMatches(m.agent, f.agentId)) return false;
  if (m.destination !== null && !stringMatches(m.destination, f.destination)) return false;
  if (m.riskTags !== null && !carriesAll(m.riskTags, f.riskTags)) return false;
  return true;
}

function stringMatches(p: PatternSet, value: unknown): boolean {
  return typeof value === "string" && patternSetMatches(p, value);
}

// All listed tags must be carried; a listed glob is satisfied by any one intent tag.
function carriesAll(wanted: readonly PatternSet[], tags: unknown): boolean {
  if (!Array.isArray(tags)) return false;
  for (let w = 0; w < wanted.length; w++) {
    let found = false;
    for (let t = 0; t < tags.length && !found; t++) found = stringMatches(wanted[w] as PatternSet, tags[t]);
    if (!found) return false;
  }
  return true;
}
