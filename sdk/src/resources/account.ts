import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import type { CreateTokenInput, PersonalToken, UserToken } from "../types/org.js";
import { call, seg } from "./shared.js";

/** POST /api/v1/auth/token: email + password for a member's personal access token (no bearer needed). */
export class Auth {
  constructor(private readonly http: Http) {}

  createToken(input: CreateTokenInput, options: CallOptions = {}): Promise<UserToken> {
    return this.http.json({ method: "POST", path: "/api/v1/auth/token", json: input, ...call(options) });
  }
}

/** /api/v1/tokens: the calling member's own personal access tokens. */
export class Tokens {
  constructor(private readonly http: Http) {}

  /** The secret in the answer is shown this once. */
  create(input: { name: string; expires_in_days?: number }, options: CallOptions = {}): Promise<PersonalToken & { token: string }> {
    return this.http.json({ method: "POST", path: "/api/v1/tokens", json: input, ...call(options) });
  }

  list(params: PageParams = {}, options: CallOptions = {}): Promise<Page<PersonalToken>> {
    return this.http.json({ method: "GET", path: "/api/v1/tokens", query: params, ...call(options) });
  }

  listAll(options: CallOptions = {}): AsyncGenerator<PersonalToken, void, undefined> {
    return paginate((cursor) => this.list({ cursor }, options));
  }

  revoke(id: string, options: CallOptions = {}): Promise<PersonalToken> {
    return this.http.json({ method: "DELETE", path: `/api/v1/tokens/${seg(id)}`, ...call(options) });
  }
}
