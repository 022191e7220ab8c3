// The peer: what a user would otherwise run. A minimal stdio MCP server written with the official
// TypeScript SDK, serving the same tool with the same input schema, calling the same API and
// returning its raw JSON, as OpenAPI-to-MCP generators do. Configured like anchor-batch-mcp.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const baseUrl = (process.env.ANCHOR_BASE_URL ?? "https://api.anchorbrowser.io").replace(/\/+$/, "");
const apiKey = process.env.ANCHOR_API_KEY;

const server = new McpServer({ name: "anchor-batch-peer", version: "1.0.0" });
server.registerTool(
  "get_batch_session_status",
  {
    title: "Get Batch Session Status",
    description:
      "Retrieves detailed status information for a specific batch, including progress, individual session details, and any errors that occurred.",
    inputSchema: { batch_id: z.string().uuid().describe("The unique identifier of the batch") },
    annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: true },
  },
  async ({ batch_id }) => {
    const response = await fetch(`${baseUrl}/v1/batch-sessions/${batch_id}`, {
      headers: { "anchor-api-key": apiKey ?? "" },
    });
    const text = await response.text();
    return { content: [{ type: "text", text }], isError: !response.ok };
  },
);
await server.connect(new StdioServerTransport());
