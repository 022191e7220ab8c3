// The dashboard view (ui://anchor-batch/dashboard) in a real browser, with real results.
// Usage: node view/view-test.mjs <output dir> <server command> [args...]   (the command ends in --demo)
// Starts the server twice over stdio through the official TypeScript client, once as given and once
// with ANCHOR_READ_ONLY=true; gets real tool results from them; opens host.html (this folder: the
// host side of the spec) in headless Chromium from a loopback HTTP server of its own, and drives the
// view through it. Prints one JSON object on stdout: the results the server gave and what the view
// showed and sent, for DashboardViewIT to assert on. Screenshots go to the output dir.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import puppeteer from 'puppeteer-core';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const VIEW_URI = 'ui://anchor-batch/dashboard';
const MOVING = '11111111-1111-4111-8111-111111111111';
const COMPLETED = '22222222-2222-4222-8222-222222222222';
const BROWSED_URLS = ['https://example.com/', 'https://hostile.example/', 'https://long.example/'];
const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 20_000 };

const [outDir, command, ...args] = process.argv.slice(2);
if (!outDir || !command) {
  console.error('usage: node view/view-test.mjs <output dir> <server command> [args...]');
  process.exit(2);
}

const env = { ...getDefaultEnvironment() };
for (const [key, value] of Object.entries(process.env)) {
  if (key.startsWith('ANCHOR_')) env[key] = value;
}

async function connect(extraEnv) {
  const client = new Client({ name: 'dashboard-view-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, env: { ...env, ...extraEnv }, stderr: 'inherit' }));
  return client;
}

/** The view's document as the server serves it (a read-only server's has no End button), and its metadata. */
async function loadView(client) {
  const { contents } = await client.readResource({ uri: VIEW_URI });
  return { html: contents[0].text, mimeType: contents[0].mimeType, meta: contents[0]._meta ?? null };
}

/**
 * A loopback server for the host pages of this folder, and for the AppBridge's host page the packages
 * it imports, from the test's own node_modules (those of BRIDGE_PACKAGES only).
 */
const BRIDGE_PACKAGES = ['@modelcontextprotocol/ext-apps', '@modelcontextprotocol/client', '@modelcontextprotocol/core',
  'zod', 'eventsource', 'eventsource-parser', 'pkce-challenge', 'jose', 'ajv', 'fast-deep-equal', 'fast-uri',
  'json-schema-traverse', 'require-from-string'];
function serveHost() {
  const pages = { '/host.html': 'text/html', '/host.js': 'text/javascript', '/bridge.html': 'text/html',
    '/bridge.js': 'text/javascript' };
  const modules = resolve(HERE, '../node_modules');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    let file = pages[path] ? join(HERE, path.slice(1)) : null;
    if (path.startsWith('/node_modules/')) {
      const candidate = resolve(modules, path.slice('/node_modules/'.length));
      if (BRIDGE_PACKAGES.some((p) => candidate.startsWith(join(modules, p) + '/')) && /\.(m?js)$/.test(candidate)) {
        file = candidate;
      }
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': type + '; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    } catch (e) {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const result = (r) => ({ isError: r.isError ?? false, structuredContent: r.structuredContent,
  content: (r.content ?? []).map((c) => ({ type: c.type, mimeType: c.mimeType, text: c.text, bytes: c.data?.length })) });

/** What the view shows, read from its DOM. */
function snapshot() {
  const $ = (id) => document.getElementById(id);
  const shown = (node) => !!node && node.checkVisibility();
  const counts = {};
  document.querySelectorAll('#counts [data-count]').forEach((d) => {
    counts[d.dataset.count] = d.querySelector('dd').textContent;
  });
  return {
    mode: document.documentElement.getAttribute('data-mode'),
    batchId: $('batch-id').textContent,
    status: shown($('status')) ? $('status').textContent : null,
    percent: shown($('progress')) ? $('percent').textContent : null,
    phase: shown($('progress')) ? $('phase').textContent : null,
    progressNow: document.querySelector('.bar').getAttribute('aria-valuenow'),
    counts,
    tiles: [...document.querySelectorAll('#tiles .tile')].map((t) => ({
      sessionId: t.dataset.sessionId, itemIndex: t.dataset.itemIndex,
      title: t.querySelector('.tile-title').textContent,
      liveViewEnabled: !t.querySelector('.live-view').disabled,
    })),
    tilesHeading: $('sessions-h').textContent,
    failures: [...document.querySelectorAll('#reasons li')].map((li) => li.textContent),
    buttons: [...document.querySelectorAll('button')].filter(shown).map((b) => ({ id: b.id || b.className,
      text: b.textContent, disabled: b.disabled })),
    activity: $('activity').textContent,
    busy: $('app').getAttribute('aria-busy'),
    error: shown($('error')) ? $('error').textContent : null,
    note: shown($('note')) ? $('note').textContent : null,
    cancelled: shown($('cancelled')) ? $('cancelled').textContent : null,
    sheet: $('sheet').hidden ? null : { width: $('sheet-img').naturalWidth, src: $('sheet-img').src.slice(0, 23) },
    thumbs: [...document.querySelectorAll('.tile .thumb img')].map((i) => i.naturalWidth > 0 && i.src.startsWith('data:')),
    // every image there is, and where it comes from: only the contact sheet, as a data: URL
    images: [...document.querySelectorAll('img')].map((i) => (i.getAttribute('src') || '').slice(0, 23)),
    pwned: typeof window.__pwned,
    overflowX: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  };
}

const clients = {};
const requests = [];
const targets = [];
let browser;
let http;
const out = {};
try {
  clients.full = await connect({});
  clients.readOnly = await connect({ ANCHOR_READ_ONLY: 'true' });
  // The moving batch starts moving at its first request: wait until two of its five are ready.
  const movingCall = clients.full.callTool({ name: 'wait_for_batch_sessions', arguments: { batch_id: MOVING,
    min_ready: 2, timeout_seconds: 30 } }, { timeout: 60_000 });
  const view = await loadView(clients.full);
  const readOnlyView = await loadView(clients.readOnly);
  out.view = { mimeType: view.mimeType, meta: view.meta, bytes: Buffer.byteLength(view.html),
    readOnlyMode: /<html[^>]* data-mode="read-only"/.test(readOnlyView.html) };
  const completed = await clients.full.callTool({ name: 'get_batch_session_status', arguments: { batch_id: COMPLETED } });
  const browse = await clients.full.callTool({ name: 'browse_batch_sessions', arguments: { batch_id: COMPLETED,
    urls: BROWSED_URLS } });
  const readOnlyStatus = await clients.readOnly.callTool({ name: 'get_batch_session_status',
    arguments: { batch_id: COMPLETED } });

  http = await serveHost();
  const origin = 'http://127.0.0.1:' + http.address().port;
  const profile = mkdtempSync(join(tmpdir(), 'dashboard-view-chromium-'));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-data-dir=' + profile],
  });
  browser.on('targetcreated', (t) => targets.push({ type: t.type(), url: t.url() }));
  const page = await browser.newPage();
  await page.setViewport({ width: 780, height: 900, deviceScaleFactor: 1 });
  // Every request the page or any of its frames makes is recorded; only the host's own go through.
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    requests.push({ url: url.slice(0, 120), type: req.resourceType(), frame: req.frame()?.url().slice(0, 60) });
    if (url.startsWith(origin + '/') || url.startsWith('data:')) req.continue();
    else req.abort('blockedbyclient');
  });
  await page.exposeFunction('hostCallTool', async (server, name, toolArgs) =>
    raw(await clients[server].callTool({ name, arguments: toolArgs })));
  await page.goto(origin + '/host.html');

  const frame = async () => (await page.$('#slot iframe')).contentFrame();
  const show = async (html, options) => {
    await page.evaluate((h, o) => window.host.mount(h, o), html, options);
    const f = await frame();
    await f.waitForFunction(() => document.getElementById('app') && document.getElementById('app')
      .getAttribute('aria-busy') === 'false' && document.getElementById('status').checkVisibility(), WAIT);
    return f;
  };
  const hostState = () => page.evaluate(() => ({ log: window.host.log, opened: window.host.opened,
    forwarded: window.host.forwarded, sizes: window.host.sizes }));
  const calls = async () => (await hostState()).log.filter((e) => e.dir === 'view->host'
    && e.message.method === 'tools/call').map((e) => e.message.params);
  const context = (tool) => ({ theme: 'light', displayMode: 'inline', availableDisplayModes: ['inline'],
    containerDimensions: { maxHeight: 4000 }, locale: 'en-US', timeZone: 'UTC', platform: 'web',
    toolInfo: { tool: { name: tool } } });

  // 1. The completed batch: handshake, what it shows, a live-view link, errors, the theme.
  let f = await show(view.html, { server: 'full', hostContext: context('get_batch_session_status'),
    toolInput: { batch_id: COMPLETED }, toolResult: raw(completed) });
  const first = { result: result(completed), shown: await f.evaluate(snapshot) };
  await f.click('#tiles .tile .live-view');
  await page.waitForFunction(() => window.host.opened.length === 1, WAIT);
  Object.assign(first, await hostState());
  await page.evaluate(() => { window.host.failNext = 'rpc'; });
  await f.click('#refresh');
  await f.waitForFunction(() => document.getElementById('error').checkVisibility(), WAIT);
  first.rpcError = await f.evaluate(snapshot);
  await page.evaluate(() => { window.host.failNext = 'isError'; });
  await f.click('#refresh');
  await f.waitForFunction(() => /503/.test(document.getElementById('error').textContent), WAIT);
  first.isError = await f.evaluate(snapshot);
  await page.evaluate(() => window.host.setContext({ theme: 'dark',
    styles: { variables: { '--color-background-primary': 'rgb(16, 18, 24)',
      '--color-background-secondary': 'url(https://tracker.example/pixel.png)',
      '--color-background-tertiary': '\\75 rl(https://tracker.example/escaped.png)' } } }));
  await f.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark', WAIT);
  first.urlVariables = await f.evaluate(() => ['--color-background-secondary', '--color-background-tertiary']
    .map((v) => getComputedStyle(document.documentElement).getPropertyValue(v)));
  first.dark = await f.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor,
    color: getComputedStyle(document.body).color }));
  await page.evaluate(() => window.host.setContext({ theme: 'light', styles: { variables: {
    '--color-background-primary': null } } }));
  await f.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'light', WAIT);
  first.light = await f.evaluate(() => ({ background: getComputedStyle(document.body).backgroundColor,
    color: getComputedStyle(document.body).color }));
  out.completed = first;

  // 2. The moving batch mid-way; Refresh (held, to see the view busy), then End with its confirmation.
  const moving = await movingCall;
  f = await show(view.html, { server: 'full', hostContext: context('wait_for_batch_sessions'),
    toolInput: { batch_id: MOVING, min_ready: 2 }, toolResult: raw(moving) });
  const mid = { result: result(moving), shown: await f.evaluate(snapshot) };
  await page.evaluate(() => { window.host.holdCalls = true; });
  await f.click('#refresh');
  await page.waitForFunction(() => window.host.held.length === 1, WAIT);
  mid.whileRefreshing = await f.evaluate(snapshot);
  await page.evaluate(() => { window.host.holdCalls = false; window.host.release(); });
  await f.waitForFunction(() => document.getElementById('app').getAttribute('aria-busy') === 'false', WAIT);
  mid.refreshed = await f.evaluate(snapshot);
  mid.callsBeforeEnd = (await calls()).length;
  await f.click('#end');
  mid.confirming = await f.evaluate(snapshot);
  mid.callsAfterFirstClick = (await calls()).length;
  await f.click('#end-cancel');
  mid.notConfirmed = await f.evaluate(snapshot);
  await f.click('#end');
  await f.click('#end-confirm');
  await f.waitForFunction(() => document.getElementById('cancelled').checkVisibility()
    && document.getElementById('app').getAttribute('aria-busy') === 'false', WAIT);
  mid.ended = await f.evaluate(snapshot);
  Object.assign(mid, await hostState());
  out.moving = mid;

  // 3. A browse of the completed batch: titles (one hostile), the contact sheet; the screenshots.
  f = await show(view.html, { server: 'full', hostContext: context('browse_batch_sessions'),
    toolInput: { batch_id: COMPLETED, urls: BROWSED_URLS }, toolResult: raw(browse) });
  await f.waitForFunction((n) => document.querySelectorAll('#tiles .tile').length === n
    && [...document.querySelectorAll('.live-view')].every((b) => !b.disabled)
    && document.getElementById('sheet-img').naturalWidth > 0, WAIT, browse.structuredContent.sessions.length);
  const browsed = { result: result(browse), shown: await f.evaluate(snapshot) };
  browsed.pwnedInHost = await page.evaluate(() => typeof window.__pwned);
  mkdirSync(outDir, { recursive: true });
  const shot = async (name) => {
    await f.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    await (await page.$('#slot iframe')).screenshot({ path: join(outDir, name) });
  };
  await shot('dashboard.png');
  await page.evaluate(() => window.host.setContext({ theme: 'dark' }));
  await f.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark', WAIT);
  await shot('dashboard-dark.png');
  await page.evaluate(() => { window.host.frame.style.width = '400px'; window.host.setContext({ theme: 'light' }); });
  await f.waitForFunction(() => document.documentElement.clientWidth === 400, WAIT);
  browsed.narrow = await f.evaluate(snapshot);
  await shot('dashboard-narrow.png');
  Object.assign(browsed, await hostState());
  out.browse = browsed;

  // 4. A read-only server's view: no End button.
  f = await show(readOnlyView.html, { server: 'readOnly', hostContext: context('get_batch_session_status'),
    toolInput: { batch_id: COMPLETED }, toolResult: raw(readOnlyStatus) });
  out.readOnly = { result: result(readOnlyStatus), shown: await f.evaluate(snapshot),
    endButtons: await f.evaluate(() => ['end', 'end-confirm'].filter((id) => document.getElementById(id)
      .checkVisibility()).length) };

  // 4b. A batch just created: its id, and the status the view asks for (a create's result has no counts).
  const created = await clients.full.callTool({ name: 'create_batch_sessions', arguments: { count: 2 } });
  f = await show(view.html, { server: 'full', hostContext: context('create_batch_sessions'),
    toolInput: { count: 2 }, toolResult: raw(created) });
  await page.waitForFunction(() => window.host.forwarded.length === 1, WAIT);
  await f.waitForFunction(() => document.getElementById('app').getAttribute('aria-busy') === 'false', WAIT);
  out.created = { result: result(created), shown: await f.evaluate(snapshot), ...(await hostState()) };
  await clients.full.callTool({ name: 'cancel_batch_sessions', arguments: { batch_id: created.structuredContent.batch_id } });

  // 5. The official AppBridge as the host: handshake, the result, one tools/call, a live-view link.
  await page.goto(origin + '/bridge.html');
  await page.waitForFunction(() => window.bridgeReady === true, WAIT);
  await page.evaluate((h, o) => window.bridgeHost.mount(h, o), view.html, { hostContext: context('get_batch_session_status'),
    toolInput: { batch_id: COMPLETED }, toolResult: raw(completed) });
  f = await frame();
  await f.waitForFunction(() => document.getElementById('status').checkVisibility()
    && document.getElementById('app').getAttribute('aria-busy') === 'false', WAIT);
  const bridged = { shown: await f.evaluate(snapshot) };
  await f.click('#refresh');
  await page.waitForFunction(() => window.bridgeHost.forwarded.length === 1, WAIT);
  await f.waitForFunction(() => document.getElementById('app').getAttribute('aria-busy') === 'false', WAIT);
  bridged.refreshed = await f.evaluate(snapshot);
  await f.click('#tiles .tile .live-view');
  await page.waitForFunction(() => window.bridgeHost.opened.length === 1, WAIT);
  Object.assign(bridged, await page.evaluate(() => ({ log: window.bridgeHost.log, opened: window.bridgeHost.opened,
    forwarded: window.bridgeHost.forwarded, sizes: window.bridgeHost.sizes })));
  out.appBridge = bridged;

  out.requests = requests;
  out.targets = targets;
  out.origin = origin;
  process.stdout.write(JSON.stringify(out) + '\n');
  rmSync(profile, { recursive: true, force: true });
} catch (e) {
  process.stdout.write(JSON.stringify({ failed: String(e?.stack ?? e), requests, partial: out }) + '\n');
  process.exitCode = 1;
} finally {
  await browser?.close();
  http?.close();
  await Promise.all(Object.values(clients).map((c) => c.close()));
}

/** The result as a host passes it on: what the server sent, minus nothing. */
function raw(r) {
  return { content: r.content, structuredContent: r.structuredContent, isError: r.isError ?? false };
}
