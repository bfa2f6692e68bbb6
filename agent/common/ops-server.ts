import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** One named probe: passes or says why not. */
export interface HealthCheck {
  name: string;
  check(): { ok: boolean; detail?: string };
}

export interface OpsServerOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Address to bind; all interfaces unless given (the kubelet probes the pod IP). */
  host?: string;
  registry: Registry;
  /** `/healthz`: is the process alive and not wedged. Passes when empty. */
  liveness?: HealthCheck[];
  /** `/readyz`: can the process do its job (caches synced, leader or standby). */
  readiness?: HealthCheck[];
}

export interface OpsServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (Prometheus text format), `/healthz` and `/readyz`. A probe answers 200 `ok`
 * or 503 with one line per check (`[+]informers ok`, `[-]leader-election failed: …`), as the
 * kube-apiserver does; `?verbose` lists the checks on success too.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/metrics') {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': options.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(`metrics failed: ${String(err)}\n`),
      );
      return;
    }
    if (url.pathname === '/healthz' || url.pathname === '/livez') {
      return answerProbe(res, options.liveness ?? [], url.searchParams.has('verbose'));
    }
    if (url.pathname === '/readyz') {
      return answerProbe(res, options.readiness ?? [], url.searchParams.has('verbose'));
    }
    res
      .writeHead(404, { 'Content-Type': 'text/plain' })
      .end('not found: try /metrics, /healthz or /readyz\n');
  });
  // Probes must never keep a shutting-down process alive.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerProbe(res: http.ServerResponse, checks: HealthCheck[], verbose: boolean): void {
  const results = checks.map((c) => {
    try {
      return { name: c.name, ...c.check() };
    } catch (err) {
      return { name: c.name, ok: false, detail: String(err) };
    }
  });
  const ok = results.every((r) => r.ok);
  const lines = results.map(
    (r) =>
      `[${r.ok ? '+' : '-'}]${r.name} ${r.ok ? 'ok' : 'failed'}${r.detail ? `: ${r.detail}` : ''}`,
  );
  const body = ok && !verbose ? 'ok\n' : `${lines.join('\n')}\n${ok ? 'ok' : 'not ok'}\n`;
  res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}
