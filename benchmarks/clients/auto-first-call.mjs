// A real TypeScript-SDK v2 client in automatic version negotiation, as an MCP host would run it:
// how long from connect() to the first tools/call result, the probe included.
//
//   node benchmarks/clients/auto-first-call.mjs <batch_id> <command> [args...]
//
// The server command gets this process's environment (the benchmark sets ANCHOR_*, JAVA_HOME).
// Prints one JSON line:
//   ms         connect() called → first callTool result (the measure)
//   sessionMs  connect() called → the session process spawned: the probe phase, which on stdio
//              the SDK runs in a separate, short-lived server process that it reaps before it
//              spawns the session's (see negotiateStdioViaSibling in @modelcontextprotocol/client)
//   connectMs  connect() called → connect() resolved
//   era, version  where the negotiation ended
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const [batchId, command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: auto-first-call.mjs <batch_id> <command> [args...]");
  process.exit(2);
}

const transport = new StdioClientTransport({ command, args, env: process.env, stderr: "ignore" });
// Stamp when the session's process starts. An own property on the instance: the SDK clones the
// transport for the probe from its constructor and prototype, so the probe process is not stamped.
let sessionSpawnAt;
const start = transport.start;
transport.start = function () {
  sessionSpawnAt = performance.now();
  return start.call(this);
};

const client = new Client({ name: "bench-auto", version: "1" }, { versionNegotiation: { mode: "auto" } });
const t0 = performance.now();
await client.connect(transport);
const connected = performance.now();
await client.listTools();
const result = await client.callTool({ name: "get_batch_session_status", arguments: { batch_id: batchId } });
const t1 = performance.now();
if (result.isError || !result.content?.length) {
  console.error("the tool call failed: " + JSON.stringify(result).slice(0, 500));
  process.exit(1);
}
const out = {
  ms: t1 - t0,
  sessionMs: sessionSpawnAt - t0,
  connectMs: connected - t0,
  era: client.getProtocolEra(),
  version: client.getNegotiatedProtocolVersion(),
};
await client.close();
console.log(JSON.stringify(out));
