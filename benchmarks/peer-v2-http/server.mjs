// The v2 HTTP peer: what a user would write today with the official TypeScript SDK v2 to serve
// over Streamable HTTP. createMcpHandler builds one McpServer per request from the factory, serves
// 2026-07-28 requests on its modern leg and initialize-era requests statelessly (its default
// legacy: 'stateless'), mounted on plain node:http with toNodeHandler from @modelcontextprotocol/node,
// behind the SDK's loopback Host and Origin checks (as anchor-batch-mcp checks them). The same tool
// and input schema as the stdio peers (benchmarks/peer-v2), calling the same API and returning its
// raw JSON. Configured like anchor-batch-mcp: ANCHOR_BASE_URL, ANCHOR_API_KEY; the first argument
// is [HOST:]PORT (default 127.0.0.1:0). Once listening it prints `listening on http://HOST:PORT/mcp`
// on stderr.
import { createServer as createHttpServer } from "node:http";
import { McpServer, createMcpHandler } from "@modelcontextprotocol/server";
import { localhostHostValidation, localhostOriginValidation, toNodeHandler } from "@modelcontextprotocol/node";
import { z } from "zod";

const baseUrl = (process.env.ANCHOR_BASE_URL ?? "https://api.anchorbrowser.io").replace(/\/+$/, "");
const apiKey = process.env.ANCHOR_API_KEY;

function createServer() {
  const server = new McpServer({ name: "anchor-batch-peer-v2-http", version: "1.0.0" });
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

const handler = toNodeHandler(createMcpHandler(createServer));
const hostOk = localhostHostValidation();
const originOk = localhostOriginValidation();

const address = process.argv[2] ?? "127.0.0.1:0";
const colon = address.lastIndexOf(":");
const host = colon < 0 ? "127.0.0.1" : address.slice(0, colon);
const port = Number(colon < 0 ? address : address.slice(colon + 1));

const http = createHttpServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (path !== "/mcp") {
    res.writeHead(404).end();
    return;
  }
  if (hostOk(req, res) && originOk(req, res)) {
    handler(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  }
});
http.keepAliveTimeout = 60_000;
http.listen(port, host, () => {
  const bound = http.address();
  console.error(`listening on http://${bound.address}:${bound.port}/mcp`);
});
process.on("SIGTERM", () => http.close(() => process.exit(0)));
