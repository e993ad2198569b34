import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams, Role } from "../types/common.js";
import type { InvitationWithUrl, InviteMemberInput, Member } from "../types/org.js";
import { call, seg } from "./shared.js";

/** /api/v1/members: people in the organization and their roles. */
export class Members {
  constructor(private readonly http: Http) {}

  list(params: PageParams = {}, options: CallOptions = {}): Promise<Page<Member>> {
    return this.http.json({ method: "GET", path: "/api/v1/members", query: params, ...call(options) });
  }

  listAll(options: CallOptions = {}): AsyncGenerator<Member, void, undefined> {
    return paginate((cursor) => this.list({ cursor }, options));
  }

  /**
   * Invites a person (POST /members): an invitation, never an account. Hand them `accept_url`
   * (single-use, 7 days, shown this once); they accept with `invitations.accept`.
   */
  invite(input: InviteMemberInput, options: CallOptions = {}): Promise<InvitationWithUrl> {
    return this.http.json({ method: "POST", path: "/api/v1/members", json: input, ...call(options) });
  }

  update(userId: string, input: { role: Role }, options: CallOptions = {}): Promise<{ user_id: string; email: string; role: Role }> {
    return this.http.json({ method: "PATCH", path: `/api/v1/members/${seg(userId)}`, json: input, ...call(options) });
  }

  /** Removes the member and revokes their tokens for this organization. */
  remove(userId: string, options: CallOptions = {}): Promise<{ user_id: string; removed: true }> {
    return this.http.json({ method: "DELETE", path: `/api/v1/members/${seg(userId)}`, ...call(options) });
  }
}
