import { iso } from "../../time";

export function serializeAgent(agent: {
  id: string; name: string; description: string | null; ownerId: string | null; keySuffix: string | null;
  lastUsedAt: Date | null; createdAt: Date;
}) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    owner_id: agent.ownerId,
    key_suffix: agent.keySuffix,
    last_used_at: iso(agent.lastUsedAt),
    created_at: agent.createdAt.toISOString(),
  };
}
