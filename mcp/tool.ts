import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { Tollgate } from "@tollgate/sdk";
import type { z } from "zod";

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** One MCP tool: its schemas and descriptions (what the model reads) and the SDK calls behind it. */
export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  inputSchema: I;
  outputSchema: O;
  annotations: ToolAnnotations;
  run(client: Tollgate, input: z.output<I>, extra: ToolExtra): Promise<z.output<O>>;
}

/** Keeps each tool's input and output types tied to its own schemas. */
export const defineTool = <I extends z.ZodObject, O extends z.ZodObject>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;
