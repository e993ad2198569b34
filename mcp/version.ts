/** Reported to MCP clients in the initialize handshake and in the User-Agent of API calls. */
export const VERSION = "0.1.0";
