import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import type { Agent, AgentWithKey, CreateAgentInput } from "../types/org.js";
import { call, seg } from "./shared.js";

/** /api/v1/agents: agent identities and their API keys (admin to change). */
export class Agents {
  constructor(private readonly http: Http) {}

  /** The key in the answer is shown this once; `owner_id` defaults to the caller. */
  create(input: CreateAgentInput, options: CallOptions = {}): Promise<AgentWithKey> {
    return this.http.json({ method: "POST", path: "/api/v1/agents", json: input, ...call(options) });
  }

  list(params: PageParams = {}, options: CallOptions = {}): Promise<Page<Agent>> {
    return this.http.json({ method: "GET", path: "/api/v1/agents", query: params, ...call(options) });
  }

  listAll(options: CallOptions = {}): AsyncGenerator<Agent, void, undefined> {
    return paginate((cursor) => this.list({ cursor }, options));
  }

  /** A new key; the old one stops working at once. */
  rotate(id: string, options: CallOptions = {}): Promise<AgentWithKey> {
    return this.http.json({ method: "POST", path: `/api/v1/agents/${seg(id)}/rotate`, json: {}, ...call(options) });
  }

  delete(id: string, options: CallOptions = {}): Promise<{ id: string; deleted: true }> {
    return this.http.json({ method: "DELETE", path: `/api/v1/agents/${seg(id)}`, ...call(options) });
  }
}
