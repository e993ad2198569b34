import { ZEmptyBody } from "../../schemas/common";
import { ZAvailability, ZCreateGroup, ZUpdateGroup } from "../../schemas/groups";
import { ZAcceptInvitation, ZCreateAgent, ZInviteMember, ZListQuery, ZUpdateMember } from "../../schemas/members";
import { ZAvailabilityState, ZGroup, ZGroupDeleted, ZGroupList } from "../../schemas/responses/groups";
import {
  ZAgentDeleted,
  ZAgentList,
  ZAgentWithKey,
  ZInvitationAccepted,
  ZInvitationList,
  ZInvitationRevoked,
  ZInvitationWithUrl,
  ZMemberList,
  ZMemberRemoved,
  ZMembership,
} from "../../schemas/responses/people";
import { defineOperation } from "../operation";

const members: ["Members"] = ["Members"];
const agents: ["Agents"] = ["Agents"];

export const peopleOperations = {
  listMembers: defineOperation({
    method: "GET",
    path: "/api/v1/members",
    summary: "List members",
    tags: members,
    caller: "user",
    role: "viewer",
    query: ZListQuery,
    responses: { 200: { description: "One page of members.", schema: ZMemberList } },
  }),

  inviteMember: defineOperation({
    method: "POST",
    path: "/api/v1/members",
    summary: "Invite a member",
    description:
      "An invitation, never an account: the person opens `accept_url` and sets their own password, or signs in to the account their email already has (POST /api/v1/invitations/accept). The answer is the same whether or not the email has an account anywhere. The link is single-use, valid 7 days and shown only here; inviting the same email again replaces it. An email that is already a member of this organization is 409 conflict.",
    tags: members,
    caller: "user",
    role: "admin",
    body: ZInviteMember,
    example: { email: "dana@example.com", role: "approver" },
    responses: { 201: { description: "The invitation and its accept link (shown once).", schema: ZInvitationWithUrl } },
    errors: ["conflict"],
  }),

  listInvitations: defineOperation({
    method: "GET",
    path: "/api/v1/invitations",
    summary: "List pending invitations",
    description: "Not yet accepted, revoked or expired; newest first. Links are never shown again.",
    tags: members,
    caller: "user",
    role: "admin",
    query: ZListQuery,
    responses: { 200: { description: "One page of pending invitations.", schema: ZInvitationList } },
  }),

  revokeInvitation: defineOperation({
    method: "DELETE",
    path: "/api/v1/invitations/{id}",
    summary: "Revoke an invitation",
    description: "Its link stops working at once (410 invitation_invalid). An accepted or already revoked invitation is 404.",
    tags: members,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Revoked.", schema: ZInvitationRevoked } },
  }),

  acceptInvitation: defineOperation({
    method: "POST",
    path: "/api/v1/invitations/accept",
    summary: "Accept an invitation",
    description:
      "The token from the accept link. When the invited email has no account, `password` creates it. When it has one, the caller must be signed in as that account (a dashboard session or a tg_user_ token of that user), else 403 sign_in_required; a password is never set on an existing account. A link already used, revoked or expired is 410 invitation_invalid; of concurrent accepts, one wins.",
    tags: members,
    caller: "public",
    optionalAuth: true,
    rateLimit: "token",
    body: ZAcceptInvitation,
    example: { token: "tg_inv_5nJ0mV3c9QeW1xYz7LkP2aB4dF6gH8iK0lM2nO4pQ6r", password: "correct horse battery" },
    responses: { 201: { description: "The new member: who, in which organization, with which role.", schema: ZInvitationAccepted } },
    errors: ["sign_in_required", "invitation_invalid", "conflict"],
  }),

  updateMember: defineOperation({
    method: "PATCH",
    path: "/api/v1/members/{user_id}",
    summary: "Change a member's role",
    description: "The last admin cannot step down (409 conflict).",
    tags: members,
    caller: "user",
    role: "admin",
    body: ZUpdateMember,
    example: { role: "publisher" },
    responses: { 200: { description: "The membership with its new role.", schema: ZMembership } },
    errors: ["conflict"],
  }),

  removeMember: defineOperation({
    method: "DELETE",
    path: "/api/v1/members/{user_id}",
    summary: "Remove a member",
    description: "Their tokens for this organization are revoked at once. The last admin cannot be removed.",
    tags: members,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Removed.", schema: ZMemberRemoved } },
    errors: ["conflict"],
  }),

  createGroup: defineOperation({
    method: "POST",
    path: "/api/v1/groups",
    summary: "Create a reviewer group",
    description:
      "A named set of members that a policy rule's `reviewers` assigns among (round-robin, skipping whoever is away). A group grants no authority: its members still need the rule's `approver_role` to be assigned or to resolve. Every id must be a member of this organization (422 otherwise); a name in use is 409 conflict.",
    tags: members,
    caller: "user",
    role: "admin",
    body: ZCreateGroup,
    example: { name: "finance", member_ids: ["usr_8fK2mQ9xLp3vN7tR1wYz"] },
    responses: { 201: { description: "The group.", schema: ZGroup } },
    errors: ["conflict"],
  }),

  listGroups: defineOperation({
    method: "GET",
    path: "/api/v1/groups",
    summary: "List reviewer groups",
    tags: members,
    caller: "user",
    role: "admin",
    query: ZListQuery,
    responses: { 200: { description: "One page of groups, by name.", schema: ZGroupList } },
  }),

  updateGroup: defineOperation({
    method: "PATCH",
    path: "/api/v1/groups/{name}",
    summary: "Rename a reviewer group or replace its members",
    description: "`member_ids` replaces the members. A group the active policy names cannot be renamed (409 conflict): change the policy first.",
    tags: members,
    caller: "user",
    role: "admin",
    body: ZUpdateGroup,
    example: { member_ids: ["usr_8fK2mQ9xLp3vN7tR1wYz", "usr_3bH7kL1pQ9mN5vX2cZ8d"] },
    responses: { 200: { description: "The group as it is now.", schema: ZGroup } },
    errors: ["conflict"],
  }),

  deleteGroup: defineOperation({
    method: "DELETE",
    path: "/api/v1/groups/{name}",
    summary: "Delete a reviewer group",
    description: "Refused while the active policy names it (409 conflict).",
    tags: members,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Deleted.", schema: ZGroupDeleted } },
    errors: ["conflict"],
  }),

  setAvailability: defineOperation({
    method: "PUT",
    path: "/api/v1/me/availability",
    summary: "Mark yourself away, or back",
    description:
      "Until `away_until`, assignment skips you: new items go to the next eligible reviewer, and items assigned to you move on at the next sweep. You may still resolve anything your role allows. null: available again.",
    tags: members,
    caller: "user",
    role: "viewer",
    body: ZAvailability,
    example: { away_until: "2026-12-24T09:00:00Z" },
    responses: { 200: { description: "Your availability in this organization.", schema: ZAvailabilityState } },
  }),

  listAgents: defineOperation({
    method: "GET",
    path: "/api/v1/agents",
    summary: "List agents",
    tags: agents,
    caller: "user",
    role: "viewer",
    query: ZListQuery,
    responses: { 200: { description: "One page of agents.", schema: ZAgentList } },
  }),

  createAgent: defineOperation({
    method: "POST",
    path: "/api/v1/agents",
    summary: "Create an agent",
    tags: agents,
    caller: "user",
    role: "admin",
    body: ZCreateAgent,
    description:
      "The API key is in this answer only; Tollgate stores its hash. `owner_id` names the member accountable for the agent (default the caller); one that is not a member of this organization is 422 validation_failed.",
    example: { name: "billing-bot", description: "Refunds and invoices" },
    responses: { 201: { description: "The agent and its key (shown once).", schema: ZAgentWithKey } },
    errors: ["conflict"],
  }),

  rotateAgentKey: defineOperation({
    method: "POST",
    path: "/api/v1/agents/{id}/rotate",
    summary: "Rotate an agent's key",
    description: "The old key stops working in the same commit.",
    tags: agents,
    caller: "user",
    role: "admin",
    body: ZEmptyBody,
    responses: { 200: { description: "The agent and its new key (shown once).", schema: ZAgentWithKey } },
  }),

  deleteAgent: defineOperation({
    method: "DELETE",
    path: "/api/v1/agents/{id}",
    summary: "Delete an agent",
    description: "Its key dies at once; its intents keep their history.",
    tags: agents,
    caller: "user",
    role: "admin",
    responses: { 200: { description: "Deleted.", schema: ZAgentDeleted } },
  }),
};
