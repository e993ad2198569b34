// Compiled by `tsc --noEmit` (part of `npm test`), never run: route() must refuse a handler whose
// answer differs from the operation's declared response schema. Each @ts-expect-error below fails
// the typecheck if route() starts accepting that answer.
import { defineOperation } from "../../lib/http/operation";
import { created, reply, route } from "../../lib/http/route";
import { ZAgentDeleted } from "../../lib/schemas/responses/people";

const get = defineOperation({
  method: "GET",
  path: "/t",
  summary: "t",
  tags: ["T"],
  caller: "user",
  responses: { 200: { description: "ok", schema: ZAgentDeleted } },
});
const post = defineOperation({
  method: "POST",
  path: "/t",
  summary: "t",
  tags: ["T"],
  caller: "user",
  responses: { 201: { description: "made", schema: ZAgentDeleted } },
});

route(get, async () => ({ id: "a", deleted: true as const }));
// @ts-expect-error a field the schema requires is missing
route(get, async () => ({ id: "a" }));
// @ts-expect-error a field of another type
route(get, async () => ({ id: 1, deleted: true as const }));
// @ts-expect-error a plain Response where only JSON is declared
route(get, async () => new Response("x"));
// @ts-expect-error a status the operation does not declare
route(get, async () => reply(202, { id: "a", deleted: true as const }));

route(post, async () => created({ id: "a", deleted: true as const }));
// @ts-expect-error 201 is declared: a 200 value is not
route(post, async () => ({ id: "a", deleted: true as const }));
// @ts-expect-error created() with the body of another schema
route(post, async () => created({ id: "a", name: "n" }));
