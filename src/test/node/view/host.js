// The host side of MCP Apps (io.modelcontextprotocol/ui, 2026-01-26), as small as a test needs: it
// puts the view in a sandboxed iframe (allow-scripts only, srcdoc), answers ui/initialize, sends the
// tool input and then the tool result once the view says it is initialized, answers ui/open-link
// (recording the URL), forwards the view's tools/call to the real server through hostCallTool (a
// function the Node script exposes), and records every message either way, in order.
'use strict';

const host = {
  log: [],          // { dir: 'view->host' | 'host->view', message }
  opened: [],       // URLs the view asked to open
  forwarded: [],    // tools/call the view made that reached the server: { name, arguments, result }
  sizes: [],        // size-changed params
  held: [],         // tools/call answers held back while holdCalls is set
  holdCalls: false,
  failNext: null,   // 'rpc': the next tools/call gets a JSON-RPC error; 'isError': an isError result
  frame: null,
  server: 'full',

  /** Shows the view: html is the document; the rest is what this host tells it. */
  mount(html, { server, hostContext, toolInput, toolResult, width }) {
    this.log.length = 0;
    this.opened.length = 0;
    this.forwarded.length = 0;
    this.sizes.length = 0;
    this.server = server || 'full';
    this.pending = { hostContext, toolInput, toolResult };
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('title', 'Batch dashboard');
    iframe.style.width = (width || 720) + 'px';
    iframe.srcdoc = html;
    document.getElementById('slot').replaceChildren(iframe);
    this.frame = iframe;
  },

  send(message) {
    this.log.push({ dir: 'host->view', message });
    this.frame.contentWindow.postMessage(message, '*');
  },

  setContext(context) {
    this.send({ jsonrpc: '2.0', method: 'ui/notifications/host-context-changed', params: context });
  },

  release() {
    const held = this.held.splice(0);
    held.forEach((answer) => answer());
  },

  async onRequest(m) {
    const reply = (result) => this.send({ jsonrpc: '2.0', id: m.id, result });
    const fail = (code, message) => this.send({ jsonrpc: '2.0', id: m.id, error: { code, message } });
    switch (m.method) {
      case 'ui/initialize':
        return reply({
          protocolVersion: '2026-01-26',
          hostInfo: { name: 'anchor-batch-mcp-test-host', version: '1.0.0' },
          hostCapabilities: { openLinks: {}, serverTools: {}, logging: {} },
          hostContext: this.pending.hostContext,
        });
      case 'ui/open-link':
        this.opened.push(m.params && m.params.url);
        return reply({});
      case 'tools/call': {
        const answer = await this.callServer(m.id, m.params || {});
        if (this.holdCalls) {
          this.held.push(answer);
        } else {
          answer();
        }
        return undefined;
      }
      case 'ping':
        return reply({});
      default:
        return fail(-32601, 'Method not found: ' + m.method);
    }
  },

  /** Makes the call (or the failure asked for) and returns how to answer it. */
  async callServer(id, params) {
    const failure = this.failNext;
    this.failNext = null;
    if (failure === 'rpc') {
      return () => this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: 'The test host refused this call' } });
    }
    if (failure === 'isError') {
      return () => this.send({ jsonrpc: '2.0', id, result: { isError: true,
        content: [{ type: 'text', text: 'Simulated failure: the Anchor API answered 503' }] } });
    }
    try {
      const result = await window.hostCallTool(this.server, params.name, params.arguments || {});
      this.forwarded.push({ name: params.name, arguments: params.arguments, result });
      return () => this.send({ jsonrpc: '2.0', id, result });
    } catch (e) {
      return () => this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: String(e && e.message || e) } });
    }
  },

  onNotification(m) {
    if (m.method === 'ui/notifications/initialized') {
      const { toolInput, toolResult } = this.pending;
      this.send({ jsonrpc: '2.0', method: 'ui/notifications/tool-input', params: { arguments: toolInput } });
      this.send({ jsonrpc: '2.0', method: 'ui/notifications/tool-result', params: toolResult });
    } else if (m.method === 'ui/notifications/size-changed') {
      this.sizes.push(m.params);
      if (m.params && typeof m.params.height === 'number') this.frame.style.height = m.params.height + 'px';
    }
  },
};

window.addEventListener('message', (event) => {
  if (!host.frame || event.source !== host.frame.contentWindow) return;
  const m = event.data;
  host.log.push({ dir: 'view->host', message: m });
  if (!m || m.jsonrpc !== '2.0' || typeof m.method !== 'string') return;
  if (m.id !== undefined && m.id !== null) host.onRequest(m);
  else host.onNotification(m);
});

window.host = host;
