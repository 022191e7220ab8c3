// The official TypeScript SDK v2 client against this server, as another project's client sees it.
// Usage: node client.mjs <legacy|auto|pin> <server command> [args...]
// The server's environment (ANCHOR_*) is passed through. Prints one JSON object on stdout: the era
// the connection ended on, the tools listed, the status and wait results (the wait's progress too),
// a browse of one page per browser (its image block as the client got it), a task in each
// browser with its progress, the prompts (one got, one refused) and the resources (listed, read). The client validates every structuredContent against the tool's
// outputSchema itself: an invalid one makes callTool throw, and the script fail.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';

const [mode, command, ...args] = process.argv.slice(2);
const negotiation = {
  legacy: undefined, // the SDK's default: the initialize handshake
  auto: { mode: 'auto' },
  pin: { mode: { pin: '2026-07-28' } },
}[mode];
if (!command || !(mode in { legacy: 1, auto: 1, pin: 1 })) {
  console.error('usage: node client.mjs <legacy|auto|pin> <server command> [args...]');
  process.exit(2);
}
const [statusBatch, waitBatch, driveBatch] = (process.env.BATCHES ?? '').split(',');

const env = { ...getDefaultEnvironment() };
for (const [key, value] of Object.entries(process.env)) {
  if (key.startsWith('ANCHOR_')) env[key] = value;
}

const client = new Client({ name: 'ts-sdk-check', version: '1.0.0' },
  negotiation ? { versionNegotiation: negotiation } : undefined);
const transport = new StdioClientTransport({ command, args, env, stderr: 'inherit' });

const result = (r) => ({
  isError: r.isError ?? false,
  resultType: r.resultType,
  text: r.content?.[0]?.text,
  structuredContent: r.structuredContent,
  // every block after the text, as the client typed it
  more: (r.content ?? []).slice(1).map((c) => ({ type: c.type, mimeType: c.mimeType, data: c.data })),
});

try {
  await client.connect(transport);
  const out = {
    mode,
    era: client.getProtocolEra(),
    protocolVersion: client.getNegotiatedProtocolVersion(),
    serverInfo: client.getServerVersion(),
  };
  const { tools } = await client.listTools();
  out.tools = tools;
  out.status = result(await client.callTool({ name: 'get_batch_session_status', arguments: { batch_id: statusBatch } }));
  const progress = [];
  const wait = await client.callTool({ name: 'wait_for_batch_sessions', arguments: { batch_id: waitBatch } },
    { onprogress: (p) => progress.push(p), timeout: 60_000 });
  out.wait = { ...result(wait), progress };
  out.browse = result(await client.callTool({ name: 'browse_batch_sessions', arguments: {
    batch_id: driveBatch, urls: ['https://example.com/', 'https://injection.example/', 'https://long.example/'] } }));
  const taskProgress = [];
  const task = await client.callTool({ name: 'run_task_in_batch_sessions', arguments: {
    batch_id: driveBatch, prompt: 'Find the main heading' } }, { onprogress: (p) => taskProgress.push(p), timeout: 60_000 });
  out.task = { ...result(task), progress: taskProgress };
  out.prompts = (await client.listPrompts()).prompts;
  out.prompt = await client.getPrompt({ name: 'check_batch', arguments: { batch_id: statusBatch } });
  try {
    await client.getPrompt({ name: 'get_browsers', arguments: { count: 'many' } });
  } catch (e) {
    out.badPrompt = { code: e.code, message: e.message };
  }
  out.resources = (await client.listResources()).resources;
  const read = await client.readResource({ uri: 'anchor-batch://batches/' + statusBatch });
  out.read = { mimeType: read.contents[0].mimeType, report: JSON.parse(read.contents[0].text) };
  out.dashboard = (await client.readResource({ uri: 'ui://anchor-batch/dashboard' })).contents.map(
    (c) => ({ uri: c.uri, mimeType: c.mimeType, bytes: c.text?.length, _meta: c._meta }));
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ mode, failed: String(e?.stack ?? e) }) + '\n');
  process.exitCode = 1;
} finally {
  await client.close();
}
