/**
 * A minimal LSP client over stdio (Content-Length framing), enough to drive dist/server.js the way
 * Neovim or Helix would. No dependencies, so the measured overhead on our side is tiny.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export class LspClient {
  constructor(serverPath, { cwd, nodeArgs = [] } = {}) {
    this.child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.buf = Buffer.alloc(0);
    this.stderr = '';
    this.payload = { messages: 0, bytes: 0, diagnostics: 0, maxDataBytes: 0, lastAt: 0 };
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.stdout.on('data', (d) => this.onData(d));
  }

  get pid() {
    return this.child.pid;
  }

  onData(d) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const header = this.buf.subarray(0, sep).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      const len = Number(m[1]);
      if (this.buf.length < sep + 4 + len) return;
      const body = this.buf.subarray(sep + 4, sep + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(sep + 4 + len);
      const msg = JSON.parse(body);
      if (msg.method === 'textDocument/publishDiagnostics') {
        // Payload accounting (issue #20 item 4): bytes on the wire, and the largest `data` of one diagnostic.
        this.payload.messages++;
        this.payload.bytes += len;
        this.payload.lastAt = performance.now();
        for (const d of msg.params.diagnostics) if (d.data !== undefined) this.payload.maxDataBytes = Math.max(this.payload.maxDataBytes, Buffer.byteLength(JSON.stringify(d.data)));
        this.payload.diagnostics += msg.params.diagnostics.length;
      }
      this.onMessage(msg, performance.now());
    }
  }

  onMessage(msg, at) {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (p) msg.error ? p.reject(new Error(msg.error.message)) : p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      // server → client request: answer with null (registerCapability, configuration, …)
      this.send({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null });
      return;
    }
    for (const l of [...this.listeners]) l(msg, at);
  }

  send(obj) {
    const body = Buffer.from(JSON.stringify(obj), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with [msg, time] for the first notification satisfying pred. */
  waitFor(pred, ms = 600_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`LSP wait timed out after ${ms} ms; server stderr: ${this.stderr.slice(-2000)}`));
      }, ms);
      const l = (msg, at) => {
        if (!pred(msg)) return;
        clearTimeout(timer);
        this.listeners.delete(l);
        resolve([msg, at]);
      };
      this.listeners.add(l);
    });
  }

  async initialize(root) {
    const uri = pathToFileURL(root).toString();
    const statusP = this.waitFor((m) => m.method === 'leakguard/status');
    await this.request('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true } } },
      initializationOptions: { trusted: true },
    });
    this.notify('initialized', {});
    const [status] = await statusP;
    return status.params;
  }

  open(file, languageId) {
    const uri = pathToFileURL(file).toString();
    const text = fs.readFileSync(file, 'utf8');
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return { uri, text, version: 1 };
  }

  async shutdown() {
    const exited = new Promise((r) => this.child.on('exit', r));
    await this.request('shutdown', null);
    this.notify('exit', null);
    return exited;
  }
}

export function procStatus(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: NaN, hwmMB: NaN };
  }
}
