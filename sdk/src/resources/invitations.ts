import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import type { AcceptInvitationInput, Invitation, InvitationAccepted } from "../types/org.js";
import { call, seg } from "./shared.js";

/** /api/v1/invitations: pending invitations (admin) and accepting one (anyone holding the link). */
export class Invitations {
  constructor(private readonly http: Http) {}

  list(params: PageParams = {}, options: CallOptions = {}): Promise<Page<Invitation>> {
    return this.http.json({ method: "GET", path: "/api/v1/invitations", query: params, ...call(options) });
  }

  listAll(options: CallOptions = {}): AsyncGenerator<Invitation, void, undefined> {
    return paginate((cursor) => this.list({ cursor }, options));
  }

  /** The link stops working at once. */
  revoke(id: string, options: CallOptions = {}): Promise<{ invitation_id: string; revoked: true }> {
    return this.http.json({ method: "DELETE", path: `/api/v1/invitations/${seg(id)}`, ...call(options) });
  }

  /**
   * Joins with the link's token (the part of accept_url after `#`): with `password` when the
   * invited email has no account yet; as the client's own user (its `tg_user_` token) when it has one.
   */
  accept(input: AcceptInvitationInput, options: CallOptions = {}): Promise<InvitationAccepted> {
    return this.http.json({ method: "POST", path: "/api/v1/invitations/accept", json: input, ...call(options) });
  }
}
