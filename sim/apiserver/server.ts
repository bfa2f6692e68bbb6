import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { ANONYMOUS, ANONYMOUS_PATHS, type Authenticator } from './authn';
import type { Discovery } from './discovery';
import { forbidden, unauthorized } from './errors';
import type { FaultInjector } from './faults';
import { handleResource } from './handlers';
import { asApiError, sendError } from './http-util';
import { impersonate } from './impersonation';
import { type ApiMetrics, metricVerb } from './metrics';
import type { OpenApi } from './openapi';
import { type Attributes, forbiddenReason, type RbacAuthorizer, type UserInfo } from './rbac';
import { requestInfo } from './request-info';
import { handleNonResource } from './routes';
import type { Store } from './store';
import type { ServingCerts } from './tls';

export interface ApiServerParts {
  store: Store;
  authn: Authenticator;
  authz: RbacAuthorizer;
  discovery: Discovery;
  openapi: OpenApi;
  metrics: ApiMetrics;
  faults: FaultInjector;
  log: Logger;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The HTTPS front of the emulator: authentication (bearer tokens, impersonation), fault
 * injection, RBAC authorization, then the non-resource routes or the resource handlers, with
 * every request counted in kube-apiserver's metrics.
 */
export class ApiServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private address = '127.0.0.1:0';

  constructor(private readonly parts: ApiServerParts) {
    parts.faults.onDrop((resource) => {
      if (!resource) {
        parts.store.core.cache.closeAll();
        return;
      }
      for (const t of parts.store.registry.all()) {
        if (t.plural === resource)
          parts.store.core.cache.closeAll(`${t.plural}${t.group ? `.${t.group}` : ''}`);
      }
    });
  }

  /** host:port the server listens on, for discovery's serverAddressByClientCIDRs. */
  get hostPort(): string {
    return this.address;
  }

  /** Starts listening; resolves to the base URL. */
  async listen(host: string, port: number, certs: ServingCerts): Promise<string> {
    const server = createServer(
      { key: certs.keyPem, cert: certs.certPem },
      (req, res) => void this.handle(req, res),
    );
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    // TLS sockets come through secureConnection; track them too so close() can end them.
    server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const addr = server.address();
    const actualPort = typeof addr === 'object' && addr ? addr.port : port;
    this.address = `${host}:${actualPort}`;
    return `https://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  }

  /** Ends open watches and connections, then stops listening. */
  async close(): Promise<void> {
    this.parts.store.core.cache.closeAll();
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private async authenticate(req: IncomingMessage, path: string): Promise<UserInfo> {
    const header = req.headers.authorization;
    if (!header) {
      if (ANONYMOUS_PATHS.has(path.replace(/\/$/, '')) || /^\/(healthz|livez|readyz)\//.test(path))
        return ANONYMOUS;
      throw unauthorized();
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const user = m?.[1] ? await this.parts.authn.authenticate(m[1]) : undefined;
    if (!user) throw unauthorized();
    return user;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'https://localhost');
    const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
    const { parts } = this;
    res.setHeader('Audit-Id', randomUUID());
    res.setHeader('Cache-Control', 'no-cache, private');

    const dryRun = url.searchParams.has('dryRun');
    res.on('close', () => {
      const labels = {
        verb: info.resourceRequest
          ? metricVerb(req.method ?? 'GET', info.verb, req.headers['content-type'])
          : (req.method ?? 'GET'),
        group: info.group,
        version: info.version,
        resource: info.resource,
        subresource: info.subresource,
        scope: !info.resourceRequest
          ? ''
          : info.name
            ? 'resource'
            : info.namespace
              ? 'namespace'
              : 'cluster',
        code: String(res.statusCode),
      };
      parts.metrics.observe(labels, (performance.now() - started) / 1000, dryRun);
    });

    try {
      let user = await this.authenticate(req, url.pathname);
      user = impersonate(req.headersDistinct, user, parts.authz);

      if (parts.faults.latencyMs > 0 && info.apiPrefix) await sleep(parts.faults.latencyMs);
      if (info.resourceRequest) {
        const fault = parts.faults.errorFor(info.verb, info.resource, info.namespace, info.name);
        if (fault) throw fault;
      }

      const attrs: Attributes = {
        user,
        verb: info.resourceRequest ? info.verb : (req.method ?? 'GET').toLowerCase(),
        resourceRequest: info.resourceRequest,
        path: url.pathname,
        apiGroup: info.group,
        resource: info.resource,
        subresource: info.subresource,
        namespace: info.namespace,
        name: info.name,
      };
      if (attrs.verb === 'head') attrs.verb = 'get';
      if (!parts.authz.authorize(attrs) && url.pathname !== '/ibnet/faults') {
        if (user === ANONYMOUS) throw unauthorized();
        throw info.resourceRequest
          ? forbidden(
              { group: info.group, resource: info.resource },
              info.name,
              forbiddenReason(attrs),
            )
          : forbidden(undefined, '', forbiddenReason(attrs));
      }

      if (info.resourceRequest) {
        await handleResource(
          { req, res, info, query: url.searchParams, user },
          {
            store: parts.store,
            authn: parts.authn,
            authz: parts.authz,
            faults: parts.faults,
          },
        );
      } else {
        await handleNonResource(req, res, info, url.searchParams, user, {
          discovery: parts.discovery,
          openapi: parts.openapi,
          metrics: parts.metrics,
          faults: parts.faults,
        });
      }
      parts.log.debug(
        { method: req.method, path: url.pathname, code: res.statusCode, user: user.username },
        'request',
      );
    } catch (err) {
      const apiErr = asApiError(err);
      if (apiErr.code >= 500 && apiErr.code !== 503 && apiErr.code !== 504) {
        parts.log.error({ err, method: req.method, path: url.pathname }, 'request failed');
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(res, apiErr);
    }
  }
}
