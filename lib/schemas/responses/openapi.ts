import { z } from "zod";
import { contract } from "../registry";

/** GET /openapi.json: described only by its envelope (the OpenAPI 3.1 specification describes the rest). */
export const ZOpenApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\./),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
}).register(contract, { id: "OpenApiDocument" });
