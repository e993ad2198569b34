import { type ClientOptions, Http } from "./http.js";
import { Auth, Tokens } from "./resources/account.js";
import { Agents } from "./resources/agents.js";
import { Approvals } from "./resources/approvals.js";
import { Audit } from "./resources/audit.js";
import { Events } from "./resources/events.js";
import { Intents } from "./resources/intents.js";
import { Invitations } from "./resources/invitations.js";
import { Leases } from "./resources/leases.js";
import { Members } from "./resources/members.js";
import { PolicyApi } from "./resources/policy.js";
import { Reviews } from "./resources/reviews.js";
import { Webhooks } from "./resources/webhooks.js";
import type { CallOptions } from "./types/common.js";
import type { Intent } from "./types/intents.js";
import type { Metrics, MetricsParams } from "./types/metrics.js";
import type { Me } from "./types/org.js";
import { type WaitOptions, waitForDecision } from "./wait-for-decision.js";

/**
 * The Tollgate REST API, one method per route, grouped by resource:
 * `new Tollgate({ baseUrl, token }).intents.propose({ action: "email.send", payload })`.
 * Every non-2xx answer throws a TollgateError; a request without an answer, a TollgateNetworkError.
 */
export class Tollgate {
  readonly intents: Intents;
  readonly approvals: Approvals;
  readonly leases: Leases;
  readonly members: Members;
  readonly invitations: Invitations;
  readonly agents: Agents;
  readonly policy: PolicyApi;
  readonly audit: Audit;
  readonly webhooks: Webhooks;
  readonly events: Events;
  readonly auth: Auth;
  readonly tokens: Tokens;
  readonly reviews: Reviews;
  private readonly http: Http;

  constructor(options: ClientOptions) {
    this.http = new Http(options);
    this.intents = new Intents(this.http);
    this.approvals = new Approvals(this.http);
    this.leases = new Leases(this.http);
    this.members = new Members(this.http);
    this.invitations = new Invitations(this.http);
    this.agents = new Agents(this.http);
    this.policy = new PolicyApi(this.http);
    this.audit = new Audit(this.http);
    this.webhooks = new Webhooks(this.http);
    this.events = new Events(this.http);
    this.auth = new Auth(this.http);
    this.tokens = new Tokens(this.http);
    this.reviews = new Reviews(this.http);
  }

  /** Who this token is. */
  me(options: CallOptions = {}): Promise<Me> {
    return this.http.json({ method: "GET", path: "/api/v1/me", ...options });
  }

  /** GET /api/health (no auth needed): `{ok: true, db: "up"}`; a 503 throws. */
  health(options: CallOptions = {}): Promise<{ ok: boolean; db: string }> {
    return this.http.json({ method: "GET", path: "/api/health", ...options });
  }

  /** Decision rates, time to approve, overrides and SLA breaches over a window (members). */
  metrics(params: MetricsParams = {}, options: CallOptions = {}): Promise<Metrics> {
    return this.http.json({ method: "GET", path: "/api/v1/metrics", query: params, ...options });
  }

  /** Long-polls until the intent leaves pending_approval; see WaitOptions. */
  waitForDecision(intentId: string, options: WaitOptions): Promise<Intent> {
    return waitForDecision(this.intents, intentId, options);
  }
}
