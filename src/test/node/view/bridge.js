// The host's part played by the official AppBridge (ext-apps), with no MCP client of its own: its
// tools/call goes to the real server through hostCallTool, as host.js's does. Records every message
// either way, in order, by wrapping the bridge's transport.
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

const bridgeHost = {
  log: [],
  opened: [],
  forwarded: [],
  sizes: [],
  initialized: false,

  async mount(html, { hostContext, toolInput, toolResult }) {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    document.getElementById('slot').replaceChildren(iframe);
    const bridge = new AppBridge(null, { name: 'anchor-batch-mcp-test-appbridge', version: '1.0.0' },
      { openLinks: {}, serverTools: {}, logging: {} }, { hostContext });
    bridge.oninitialized = () => {
      this.initialized = true;
      bridge.sendToolInput({ arguments: toolInput });
      bridge.sendToolResult(toolResult);
    };
    bridge.onopenlink = async ({ url }) => {
      this.opened.push(url);
      return {};
    };
    bridge.onsizechange = (size) => {
      this.sizes.push(size);
      if (typeof size.height === 'number') iframe.style.height = size.height + 'px';
    };
    bridge.oncalltool = async (params) => {
      const result = await window.hostCallTool('full', params.name, params.arguments || {});
      this.forwarded.push({ name: params.name, arguments: params.arguments, result });
      return result;
    };
    const transport = new PostMessageTransport(iframe.contentWindow, iframe.contentWindow);
    const send = transport.send.bind(transport);
    transport.send = (message, options) => {
      this.log.push({ dir: 'host->view', message });
      return send(message, options);
    };
    window.addEventListener('message', (event) => {
      if (event.source === iframe.contentWindow) this.log.push({ dir: 'view->host', message: event.data });
    });
    await bridge.connect(transport);
    iframe.srcdoc = html; // after connect: the bridge listens before the view's first message
    this.bridge = bridge;
  },
};

window.bridgeHost = bridgeHost;
window.bridgeReady = true;
