import { ZEmptyBody } from "../../schemas/common";
import { ZAddMember, ZCreateAgent, ZListQuery, ZUpdateMember } from "../../schemas/members";
import {
  ZAgentDeleted,
  ZAgentList,
  ZAgentWithKey,
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

  addMember: defineOperation({
    method: "POST",
    path: "/api/v1/members",
    summary: "Add a member",
    description: "An existing user gets a membership; a new email gets an account (with the password, if given).",
    tags: members,
    caller: "user",
    role: "admin",
    body: ZAddMember,
    example: { email: "dana@example.com", role: "approver", password: "correct horse battery", name: "Dana" },
    responses: { 201: { description: "The membership.", schema: ZMembership } },
    errors: ["conflict"],
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
    description: "The API key is in this answer only; Tollgate stores its hash.",
    tags: agents,
    caller: "user",
    role: "admin",
    body: ZCreateAgent,
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
