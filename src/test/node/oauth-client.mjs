// The official TypeScript SDK v1 client, given only the server's URL and a client registration at the
// team's authorization server, as a machine client connects to an OAuth-protected deployment.
// Usage: OAUTH_CLIENT_ID=... OAUTH_CLIENT_SECRET=... OAUTH_ISSUER=... [OAUTH_SCOPE=...] BATCH=...
//        node oauth-client.mjs <url>
// ClientCredentialsProvider does the rest: the 401's resource_metadata, the authorization server's
// metadata, a client_credentials token for the resource. (In SDK 1.32.2 its token request asks for
// OAUTH_SCOPE only, the provider's configured scope, not the scope a challenge names: a 403
// insufficient_scope makes it fetch the same token again, then give up.) Prints one JSON object on
// stdout: every HTTP exchange (method, URL without query, status, the challenge, and for the token
// endpoint the form's grant_type, scope and resource; never a token), the tools listed, a status
// call, and a create or the error it ended with.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const [url] = process.argv.slice(2);
const { OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_ISSUER, BATCH } = process.env;
if (!url || !OAUTH_CLIENT_ID || !OAUTH_CLIENT_SECRET || !OAUTH_ISSUER) {
  console.error('usage: OAUTH_CLIENT_ID=... OAUTH_CLIENT_SECRET=... OAUTH_ISSUER=... node oauth-client.mjs <url>');
  process.exit(2);
}

const trace = [];
const tracingFetch = async (input, init = {}) => {
  const target = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
  const entry = {
    method: init.method ?? (input instanceof Request ? input.method : 'GET'),
    url: target.origin + target.pathname,
    bearer: (headers.get('authorization') ?? '').toLowerCase().startsWith('bearer '),
  };
  if (init.body instanceof URLSearchParams) {
    entry.form = {
      grant_type: init.body.get('grant_type'),
      scope: init.body.get('scope'),
      resource: init.body.get('resource'),
    };
  }
  const response = await fetch(input, init);
  entry.status = response.status;
  const challenge = response.headers.get('www-authenticate');
  if (challenge) entry.challenge = challenge;
  trace.push(entry);
  return response;
};

const authProvider = new ClientCredentialsProvider({
  clientId: OAUTH_CLIENT_ID,
  clientSecret: OAUTH_CLIENT_SECRET,
  clientName: 'anchor-batch-mcp oauth check',
  scope: process.env.OAUTH_SCOPE,
  expectedIssuer: OAUTH_ISSUER,
});
const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider, fetch: tracingFetch });
const client = new Client({ name: 'ts-sdk-oauth-check', version: '1.0.0' });

const result = (r) => ({
  isError: r.isError ?? false,
  text: r.content?.[0]?.text,
  structuredContent: r.structuredContent,
});

const out = { trace };
try {
  await client.connect(transport);
  out.protocolVersion = transport.protocolVersion;
  out.serverInfo = client.getServerVersion();
  out.tools = (await client.listTools()).tools.map((t) => t.name);
  out.status = result(await client.callTool({ name: 'get_batch_session_status', arguments: { batch_id: BATCH } }));
  try {
    out.create = result(await client.callTool({ name: 'create_batch_sessions', arguments: { count: 1 } }));
  } catch (e) {
    out.createError = String(e?.message ?? e);
  }
} catch (e) {
  out.failed = String(e?.stack ?? e);
  process.exitCode = 1;
} finally {
  await client.close().catch(() => {});
}
process.stdout.write(JSON.stringify(out) + '\n');
