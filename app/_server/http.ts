import type { z } from 'zod';
import type { KubeClient } from '@/lib/kube';
import { DNS1123_LABEL } from '@/lib/model';
import { CSRF_HEADER } from '@/components/api/client';
import { type ConsoleServer, getConsole } from './console';
import type { IdentityHub } from './hub';
import { log } from './log';
import { ApiProblem, badRequest, toProblem, unauthenticated } from './problems';
import { applySecurityHeaders, isLoopbackHost } from './security';
import { SESSION_COOKIE, type Session, clearSessionCookie, readCookie } from './session';

/** Bodies larger than this are refused before they are read (networks and policies are small). */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a handler gets: the request, its route params, and the signed-in user's means to act. */
export interface RouteContext<P> {
  request: Request;
  url: URL;
  params: P;
  console: ConsoleServer;
}

export interface UserContext<P> extends RouteContext<P> {
  session: Session;
  /** Acts as the user: every cluster call of a handler goes through it. */
  client: KubeClient;
  /** The user's shared watches. */
  hub: IdentityHub;
}

type Result = Response | object | undefined;

interface Options {
  /** Largest accepted body in bytes. */
  maxBody?: number;
}

type NextContext<P> = { params: Promise<P> };

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const res = new Response(body === undefined ? null : JSON.stringify(body), {
    status: body === undefined && status === 200 ? 204 : status,
    headers,
  });
  if (body !== undefined) res.headers.set('Content-Type', 'application/json; charset=utf-8');
  return res;
}

function finish(res: Response): Response {
  applySecurityHeaders(res.headers);
  if (!res.headers.has('Cache-Control')) res.headers.set('Cache-Control', 'no-store');
  return res;
}

function isSecure(request: Request, console: ConsoleServer): boolean {
  if (console.config.publicOrigin) return console.config.publicOrigin.startsWith('https:');
  return new URL(request.url).protocol === 'https:';
}

function errorResponse(err: unknown, request: Request, console: ConsoleServer): Response {
  const problem = toProblem(err);
  const res = json(problem.body(), problem.status);
  if (problem.status === 401)
    res.headers.append('Set-Cookie', clearSessionCookie(isSecure(request, console)));
  if (problem.fields.retryAfterSeconds)
    res.headers.set('Retry-After', String(problem.fields.retryAfterSeconds));
  return res;
}

/** Kubeconfig mode acts with the workstation's own credentials: serve loopback only. */
function checkHost(request: Request, console: ConsoleServer): void {
  if (console.config.mode === 'kubeconfig' && !isLoopbackHost(request)) {
    throw new ApiProblem(
      403,
      'not-allowed',
      'In kubeconfig mode the console only serves on 127.0.0.1 (start it with `next start -H 127.0.0.1`).',
      'Forbidden',
    );
  }
}

/** Cross-site requests never mutate: the browser's own Origin / Sec-Fetch-Site must say so. */
function checkSameOrigin(request: Request, console: ConsoleServer): void {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') throw csrf();
  const origin = request.headers.get('origin');
  if (!origin) return;
  const own = console.config.publicOrigin ?? ownOrigin(request);
  if (origin !== own) throw csrf();
}

function ownOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('host') ?? url.host;
  return `${url.protocol}//${host}`;
}

function csrf(): ApiProblem {
  return new ApiProblem(
    403,
    'csrf',
    'This request did not come from the console page itself, so it was refused. Reload the console and try again.',
    'Forbidden',
  );
}

async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > limit) throw tooLarge(limit);
  if (!request.body) return undefined;
  const type = request.headers.get('content-type') ?? '';
  // JSON only: forms cannot be posted cross-site without a preflight as JSON.
  if (!type.startsWith('application/json')) {
    throw new ApiProblem(
      415,
      'bad-request',
      'Send the body as application/json.',
      'UnsupportedMediaType',
    );
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
}

function tooLarge(limit: number): ApiProblem {
  return new ApiProblem(
    413,
    'too-large',
    `The body is larger than ${Math.round(limit / 1024)} KiB.`,
    'RequestEntityTooLarge',
  );
}

/** Parses a body with a schema; zod's first complaints become a 400 that says where. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw badRequest(`The request is not valid: ${issues.join('; ')}.`);
}

/** A route that needs no session (sign-in page options, sign-in itself). */
export function publicRoute<P = Record<string, never>>(
  handler: (ctx: RouteContext<P> & { body: unknown }) => Promise<Result>,
  options: Options = {},
) {
  return async (request: Request, next?: NextContext<P>): Promise<Response> => {
    let console: ConsoleServer | undefined;
    try {
      console = getConsole();
      checkHost(request, console);
      if (MUTATING.has(request.method)) checkSameOrigin(request, console);
      const body = MUTATING.has(request.method)
        ? await readJsonBody(request, options.maxBody ?? DEFAULT_BODY_LIMIT)
        : undefined;
      const params = (next ? await next.params : {}) as P;
      const result = await handler({ request, url: new URL(request.url), params, console, body });
      return finish(result instanceof Response ? result : json(result));
    } catch (err) {
      return finish(
        console ? errorResponse(err, request, console) : json(toProblem(err).body(), 500),
      );
    }
  };
}

/** The namespace a request names (route parameter or `?namespace=`), when it is a valid name. */
function namespaceAsked(params: unknown, request: Request): string | undefined {
  const fromParams = (params as { namespace?: unknown } | undefined)?.namespace;
  const value =
    typeof fromParams === 'string'
      ? fromParams
      : new URL(request.url).searchParams.get('namespace');
  return value && DNS1123_LABEL.test(value) && value.length <= 63 ? value : undefined;
}

/** Reads and checks the session of a request: 401 "sign in again" whatever is wrong with it. */
export async function sessionOf(request: Request, console: ConsoleServer): Promise<Session> {
  const session = await console.codec.open(readCookie(request, SESSION_COOKIE));
  if (!session) throw unauthenticated();
  console.authenticator.verify(session, request);
  return session;
}

/**
 * A route acting as the signed-in user: host and CSRF checks, session, the user's client and
 * watches, body size limit, the one error shape and security headers on every answer.
 */
export function userRoute<P = Record<string, never>>(
  handler: (ctx: UserContext<P> & { body: unknown }) => Promise<Result>,
  options: Options = {},
) {
  return async (request: Request, next?: NextContext<P>): Promise<Response> => {
    let console: ConsoleServer | undefined;
    let release: (() => void) | undefined;
    try {
      console = getConsole();
      checkHost(request, console);
      const mutating = MUTATING.has(request.method);
      if (mutating) checkSameOrigin(request, console);
      const session = await sessionOf(request, console);
      if (mutating && request.headers.get(CSRF_HEADER) !== session.csrf) throw csrf();
      const body = mutating
        ? await readJsonBody(request, options.maxBody ?? DEFAULT_BODY_LIMIT)
        : undefined;
      const hub = await console.hubFor(session);
      release = hub.acquire();
      const params = (next ? await next.params : {}) as P;
      const namespace = namespaceAsked(params, request);
      if (namespace) await hub.hint(namespace);
      const result = await handler({
        request,
        url: new URL(request.url),
        params,
        console,
        session,
        client: hub.client,
        hub,
        body,
      });
      if (!(result instanceof Response)) {
        log.debug({ method: request.method, path: new URL(request.url).pathname }, 'served');
      }
      return finish(result instanceof Response ? result : json(result));
    } catch (err) {
      return finish(
        console ? errorResponse(err, request, console) : json(toProblem(err).body(), 500),
      );
    } finally {
      release?.();
    }
  };
}
