// The v2 peer: what a user would write today with the official TypeScript SDK v2. A minimal stdio
// MCP server that speaks both protocol eras on one connection (serveStdio picks the era from the
// opening message and builds one McpServer from the factory for it), serving the same tool with the
// same input schema as the v1 peer (benchmarks/peer), calling the same API and returning its raw
// JSON. Configured like anchor-batch-mcp.
import { McpServer } from "@modelcontextprotocol/server";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { z } from "zod";

const baseUrl = (process.env.ANCHOR_BASE_URL ?? "https://api.anchorbrowser.io").replace(/\/+$/, "");
const apiKey = process.env.ANCHOR_API_KEY;

function createServer() {
  const server = new McpServer({ name: "anchor-batch-peer-v2", version: "1.0.0" });
  server.registerTool(
    "get_batch_session_status",
    {
      title: "Get Batch Session Status",
      description:
        "Retrieves detailed status information for a specific batch, including progress, individual session details, and any errors that occurred.",
      inputSchema: z.object({ batch_id: z.string().uuid().describe("The unique identifier of the batch") }),
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
  return server;
}

serveStdio(createServer);
