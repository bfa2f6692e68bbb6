import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError, type KubeStatus } from './errors';

/** Whose authority a request carries: a bearer token, or impersonation on top of the base identity. */
export interface Identity {
  token?: string;
  impersonate?: { user: string; groups?: string[]; uid?: string };
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Abort the request (and for watches, the stream). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** How to reach one API server: its URL, the TLS agent that trusts it, and the base credentials. */
export class Transport {
  private cachedAuth?: { headers: Record<string, string>; at: number };

  constructor(
    readonly server: URL,
    private readonly agent: http.Agent,
    private readonly baseAuth: () => Promise<Record<string, string>>,
    readonly userAgent = 'ibnet',
  ) {}

  /** A transport from a loaded KubeConfig (its current context): file, in-cluster or exec auth. */
  static async fromKubeConfig(kc: KubeConfig, userAgent?: string): Promise<Transport> {
    const cluster = kc.getCurrentCluster();
    if (!cluster)
      throw new Error('the kubeconfig has no current cluster; pick a context with a cluster');
    const probe: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(probe);
    const server = new URL(cluster.server);
    const agentOptions = {
      keepAlive: true,
      maxSockets: 64,
      ca: probe.ca,
      cert: probe.cert,
      key: probe.key,
      rejectUnauthorized: !cluster.skipTLSVerify,
    };
    const agent =
      server.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent(agentOptions);
    const baseAuth = async () => {
      const opts: https.RequestOptions = {};
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {}))
        if (typeof v === 'string') headers[k] = v;
      return headers;
    };
    return new Transport(server, agent, baseAuth, userAgent);
  }

  private async authHeaders(identity?: Identity): Promise<Record<string, string>> {
    const fresh = this.cachedAuth && Date.now() - this.cachedAuth.at < 60_000;
    if (!fresh) this.cachedAuth = { headers: await this.baseAuth(), at: Date.now() };
    const headers = { ...this.cachedAuth?.headers };
    if (identity?.token) headers.Authorization = `Bearer ${identity.token}`;
    const imp = identity?.impersonate;
    if (imp) {
      headers['Impersonate-User'] = imp.user;
      if (imp.uid) headers['Impersonate-Uid'] = imp.uid;
    }
    return headers;
  }

  /** Forget cached credentials, e.g. after a 401 when a token file may have rotated. */
  resetAuth(): void {
    this.cachedAuth = undefined;
  }

  /** Sends one request and returns the raw response stream (used by watches). */
  async open(
    method: string,
    path: string,
    identity: Identity | undefined,
    options: RequestOptions = {},
  ): Promise<http.IncomingMessage> {
    const url = new URL(path, this.server);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: http.OutgoingHttpHeaders = {
      ...(await this.authHeaders(identity)),
      Accept: options.accept ?? 'application/json',
      'User-Agent': this.userAgent,
    };
    // Node cannot send a header twice through a plain object, so groups go as an array.
    if (identity?.impersonate?.groups?.length)
      headers['Impersonate-Group'] = identity.impersonate.groups;
    let payload: string | undefined;
    if (options.body !== undefined) {
      payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }

    const client = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = client.request(
        url,
        { method, headers, agent: this.agent, signal: options.signal },
        resolve,
      );
      if (options.timeoutMs) {
        req.setTimeout(options.timeoutMs, () =>
          req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
        );
      }
      req.on('error', (err) => reject(unreachable(method, url, err)));
      req.end(payload);
    });
  }

  /** Sends one request and parses the JSON answer; non-2xx answers become KubeError. */
  async request<T>(
    method: string,
    path: string,
    identity?: Identity,
    options: RequestOptions = {},
  ): Promise<T> {
    const res = await this.open(method, path, identity, options);
    const text = await readBody(res);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return (text === '' ? undefined : JSON.parse(text)) as T;
    if (code === 401) this.resetAuth();
    throw new KubeError(code, parseStatus(text, code, res.headers), { verb: method, path });
  }

  close(): void {
    this.agent.destroy();
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

function parseStatus(text: string, code: number, headers: http.IncomingHttpHeaders): KubeStatus {
  let status: KubeStatus = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') status = parsed as KubeStatus;
  } catch {
    status = { message: text.trim().slice(0, 500) || undefined };
  }
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) {
    status = { ...status, details: { ...status.details, retryAfterSeconds: retryAfter } };
  }
  return { ...status, code: status.code ?? code };
}

function unreachable(method: string, url: URL, err: Error): Error {
  if (err.name === 'AbortError') return err;
  return new KubeError(
    0,
    {
      message: `cannot reach the API server at ${url.origin}: ${err.message}`,
      reason: 'ServiceUnavailable',
    },
    { verb: method, path: url.pathname },
    { cause: err },
  );
}
