import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggregatedContentType, aggregatedVersion, type Discovery } from './discovery';
import { forbidden, methodNotAllowed, pathNotFound } from './errors';
import type { FaultInjector } from './faults';
import { decodeBody, readBody, sendJson } from './http-util';
import type { ApiMetrics } from './metrics';
import type { OpenApi } from './openapi';
import type { UserInfo } from './rbac';
import type { RequestInfo } from './request-info';

/** The /version answer: minor "32" makes the kubectl dispatcher run kubectl 1.32. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-ibnet-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface RouteContext {
  discovery: Discovery;
  openapi: OpenApi;
  metrics: ApiMetrics;
  faults: FaultInjector;
}

const HEALTH_CHECKS = [
  'ping',
  'log',
  'etcd',
  'poststarthook/start-apiextensions-controllers',
  'poststarthook/crd-informer-synced',
  'poststarthook/rbac/bootstrap-roles',
];

function health(res: ServerResponse, path: string, query: URLSearchParams): void {
  const base = path.split('/')[1] ?? 'healthz';
  const check = path.split('/').slice(2).join('/');
  if (check && !HEALTH_CHECKS.includes(check)) throw pathNotFound();
  let body = 'ok';
  if (query.has('verbose') && !check) {
    body = `${HEALTH_CHECKS.map((c) => `[+]${c} ok`).join('\n')}\n${base} check passed\n`;
  }
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers the paths that are not resources: health, version, discovery, OpenAPI, metrics, faults. */
export async function handleNonResource(
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  query: URLSearchParams,
  user: UserInfo,
  ctx: RouteContext,
): Promise<void> {
  const path = info.path.length > 1 ? info.path.replace(/\/$/, '') : info.path;
  const method = req.method ?? 'GET';

  if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(path)) return health(res, path, query);
  if (path === '/ibnet/faults') return faults(req, res, user, ctx.faults);
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
  if (path === '/version') return sendJson(res, 200, JSON.stringify(VERSION_INFO, null, 2));
  if (path === '/metrics') {
    const text = await ctx.metrics.text();
    res.writeHead(200, {
      'Content-Type': ctx.metrics.registry.contentType,
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }

  const aggregated = aggregatedVersion(req.headers.accept);
  if (path === '/api' || path === '/apis') {
    const root = path === '/api' ? 'api' : 'apis';
    if (aggregated) {
      return sendJson(
        res,
        200,
        ctx.discovery.aggregatedBody(root, aggregated),
        { Vary: 'Accept' },
        aggregatedContentType(aggregated),
      );
    }
    return sendJson(res, 200, root === 'api' ? ctx.discovery.api() : ctx.discovery.apis(), {
      Vary: 'Accept',
    });
  }
  if (info.apiPrefix && info.parts.length === 0) {
    const body = info.version ? ctx.discovery.resources(info.group, info.version) : undefined;
    if (body) return sendJson(res, 200, body);
  }
  const groupOnly = /^\/apis\/([^/]+)$/.exec(path);
  if (groupOnly) {
    const body = ctx.discovery.group(groupOnly[1] ?? '');
    if (body) return sendJson(res, 200, body);
  }
  if (path === '/openapi/v3') return sendJson(res, 200, ctx.openapi.root());
  const doc = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (doc) {
    const body = doc[1]
      ? ctx.openapi.document('', doc[1])
      : ctx.openapi.document(doc[2] ?? '', doc[3] ?? '');
    if (body)
      return sendJson(res, 200, body, {
        'Cache-Control': query.has('hash') ? 'public, immutable' : 'no-cache, private',
      });
  }
  throw pathNotFound();
}

/** The admin-only fault endpoint: GET shows, POST applies, DELETE clears. */
async function faults(
  req: IncomingMessage,
  res: ServerResponse,
  user: UserInfo,
  injector: FaultInjector,
): Promise<void> {
  if (!user.groups.includes('system:masters')) {
    throw forbidden(
      undefined,
      '',
      `User "${user.username}" cannot ${String(req.method).toLowerCase()} path "/ibnet/faults"`,
    );
  }
  if (req.method === 'POST')
    injector.applyRequest(decodeBody(await readBody(req), 'application/json', 'faults'));
  else if (req.method === 'DELETE') injector.clear();
  else if (req.method !== 'GET') throw methodNotAllowed();
  sendJson(res, 200, JSON.stringify(injector.describe()));
}
