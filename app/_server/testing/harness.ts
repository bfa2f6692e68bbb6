import { type Cluster, type StartClusterOptions, startCluster } from '@/sim';
import { ConsoleServer, setConsole } from '../console';
import { loadConfig } from '../config';
import type { HubOptions } from '../hub';
import { DEFAULT_HUB_OPTIONS } from '../hub';
import { SESSION_COOKIE } from '../session';

/** The console's own origin in tests (the Host the handlers see). */
export const ORIGIN = 'http://127.0.0.1:3000';

type Handler = (request: Request, ctx?: { params: Promise<never> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Route parameters, as Next passes them. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A signed-in browser: its cookie and CSRF token, sending same-origin requests. */
export class Browser {
  constructor(
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  /** Calls a route handler the way the console page would. */
  call(handler: Handler, path: string, options: CallOptions = {}): Promise<Response> {
    return callRoute(handler, path, {
      ...options,
      headers: {
        cookie: `${SESSION_COOKIE}=${this.cookie}`,
        'x-ibnet-csrf': this.csrf,
        ...options.headers,
      },
    });
  }

  async json<T>(
    handler: Handler,
    path: string,
    options: CallOptions = {},
  ): Promise<{ status: number; body: T }> {
    const res = await this.call(handler, path, options);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

/** Builds a real Request (same-origin browser headers by default) and calls a handler with it. */
export function callRoute(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    host: '127.0.0.1:3000',
    accept: 'application/json',
    ...(method !== 'GET' ? { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } : {}),
    ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const params = Promise.resolve(options.params ?? {}) as Promise<never>;
  return handler(request, { params });
}

export interface TestConsole {
  cluster: Cluster;
  console: ConsoleServer;
  signIn(user: 'admin' | 'editor' | 'viewer'): Promise<Browser>;
  stop(): Promise<void>;
}

/** Starts an embedded cluster and points the console at it, as `IBNET_MODE=embedded` would. */
export async function startTestConsole(
  env: Record<string, string> = {},
  hubOptions: Partial<HubOptions> = {},
  clusterOptions: StartClusterOptions = { fabric: false },
): Promise<TestConsole> {
  // Without the simulated fabric by default: tests seed exactly the objects they reason about.
  const cluster = await startCluster(clusterOptions);
  const config = loadConfig({
    IBNET_MODE: 'embedded',
    IBNET_KUBECONFIG: cluster.kubeconfigPath,
    IBNET_NAMESPACES: 'ib-team',
    ...env,
  });
  const console = new ConsoleServer(config, {
    ...DEFAULT_HUB_OPTIONS,
    graceMs: 1000,
    ...hubOptions,
  });
  await setConsole(console);
  const session = await import('@/app/api/session/route');
  return {
    cluster,
    console,
    async signIn(user) {
      const res = await callRoute(session.POST as Handler, '/api/session', {
        method: 'POST',
        body: { method: 'demo', user },
      });
      if (res.status !== 200)
        throw new Error(`sign-in as ${user} failed: ${res.status} ${await res.text()}`);
      const cookie = /ibnet_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
      const body = (await res.json()) as { csrfToken: string };
      return new Browser(cookie, body.csrfToken);
    },
    async stop() {
      await setConsole(undefined);
      await cluster.stop();
    },
  };
}
