import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './authn';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  pathNotFound,
  unsupportedMediaType,
} from './errors';
import type { FaultInjector } from './faults';
import { decodeBody, mediaType, readBody, sendJson, warningHeaders } from './http-util';
import { isPlainObject, type KubeObject } from './object';
import type { RbacAuthorizer, UserInfo } from './rbac';
import type { RequestInfo } from './request-info';
import { apiVersionOf, grKey, type ResourceType } from './resources';
import { review, tokenRequest } from './reviews';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import type { Store } from './store';
import type {
  DeleteOptions,
  Entry,
  FieldValidation,
  PatchType,
  PropagationPolicy,
} from './store-types';
import { includeObjectOf, tableJson, wantsTable } from './table';
import { serveWatch, TABLE_CONTENT_TYPE } from './watch-http';
import { deleteObject, patchObject, updateObject, createObject, type WriteContext } from './writes';

/** What resource handlers need from the server. */
export interface HandlerContext {
  store: Store;
  authn: Authenticator;
  authz: RbacAuthorizer;
  faults: FaultInjector;
  /** Called when a watch ends, for the metrics of long-running requests. */
  trackWatch(delta: 1 | -1): void;
}

export interface RequestScope {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Serializes an entry in the version the client asked for (strategy None conversion). */
function objectJsonFor(type: ResourceType): (e: Entry) => string {
  const apiVersion = apiVersionOf(type);
  return (e) =>
    e.obj.apiVersion === apiVersion ? e.json : JSON.stringify({ ...e.obj, apiVersion });
}

function fieldManagerOf(query: URLSearchParams, req: IncomingMessage): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'] ?? '';
  return (agent.split('/')[0] ?? '').slice(0, 128);
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(
    `fieldValidation parameter unsupported: ${v}. Valid options are Strict, Warn or Ignore`,
  );
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All'))
    throw badRequest(`Invalid dry run value: ${values.join(', ')}; the only valid value is All`);
  return values.length > 0;
}

function writeContext(scope: RequestScope): WriteContext {
  return {
    fieldManager: fieldManagerOf(scope.query, scope.req),
    dryRun: dryRunOf(scope.query),
    fieldValidation: fieldValidationOf(scope.query),
    ...(scope.info.subresource ? { subresource: scope.info.subresource } : {}),
  };
}

function respond(
  scope: RequestScope,
  type: ResourceType,
  code: number,
  entry: Entry,
  warnings: string[] = [],
): void {
  const accept = scope.req.headers.accept;
  if (wantsTable(accept)) {
    const json = tableJson(type, [entry], {
      include: includeObjectOf(scope.query.get('includeObject')),
      objectJson: objectJsonFor(type),
    });
    sendJson(scope.res, code, json, warningHeaders(warnings), TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(scope.res, code, objectJsonFor(type)(entry), warningHeaders(warnings));
}

/** Handles every request under /api/v1/... and /apis/<g>/<v>/... that names a resource. */
export async function handleResource(scope: RequestScope, ctx: HandlerContext): Promise<void> {
  const { info, query, req } = scope;
  const type = ctx.store.registry.byPath(info.group, info.version, info.resource);
  if (!type) throw pathNotFound();
  const namespace = type.namespaced ? info.namespace : '';
  if (type.namespaced && !info.namespace && info.name && info.resource !== 'namespaces')
    throw pathNotFound();
  if (!type.namespaced && info.namespace && info.resource !== 'namespaces') throw pathNotFound();

  if (info.subresource) return handleSubresource(scope, ctx, type, namespace);
  if (!type.verbs.includes(info.verb)) throw methodNotAllowed();
  const store = ctx.store;

  if (type.virtual) {
    const body = decodeBody(await readBody(req), req.headers['content-type']);
    if (!isPlainObject(body)) throw badRequest('the body must be a JSON object');
    const out = await review(info.resource, body, {
      user: scope.user,
      authz: ctx.authz,
      authn: ctx.authn,
      core: store.core,
      namespace,
    });
    sendJson(scope.res, 201, JSON.stringify(out));
    return;
  }

  switch (info.verb) {
    case 'get': {
      const slot = store.core.mustSlot(type, namespace, info.name);
      respond(scope, type, 200, slot.current);
      return;
    }
    case 'list':
      return list(scope, type, ctx, namespace);
    case 'watch':
      return watch(scope, type, ctx, namespace);
    case 'create': {
      if (type.namespaced && !info.namespace) throw pathNotFound();
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      const wctx = writeContext(scope);
      const out = await store.commitWrite(() =>
        createObject(store.core, type, body, namespace || undefined, wctx),
      );
      respond(scope, type, 201, out.entry, out.warnings);
      return;
    }
    case 'update': {
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      const slot = store.core.mustSlot(type, namespace, info.name);
      const wctx = writeContext(scope);
      const out = await store.commitWrite(() => updateObject(store.core, type, slot, body, wctx));
      respond(scope, type, 200, out.entry, out.warnings);
      return;
    }
    case 'patch':
      return patch(scope, type, ctx, namespace);
    case 'delete':
      return remove(scope, type, ctx, namespace);
    case 'deletecollection': {
      const opts = await deleteOptions(scope);
      const page = store.page(type, {
        namespace: namespace || undefined,
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      });
      const entries = page.slots.map(
        (s) => deleteObject(store.core, type, s.namespace, s.name, opts).entry,
      );
      await store.core.commit();
      const items = entries.map(objectJsonFor(type)).join(',');
      sendJson(
        scope.res,
        200,
        `{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":{"resourceVersion":"${store.resourceVersion}"},"items":[${items}]}`,
      );
      return;
    }
    default:
      throw methodNotAllowed();
  }
}

function list(
  scope: RequestScope,
  type: ResourceType,
  ctx: HandlerContext,
  namespace: string,
): void {
  const q = scope.query;
  const limit = Number(q.get('limit') ?? 0);
  const page = ctx.store.page(type, {
    namespace: namespace || undefined,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit: Number.isFinite(limit) ? limit : 0,
    continue: q.get('continue') ?? undefined,
  });
  const entries = page.slots.map((s) => s.current);
  const objectJson = objectJsonFor(type);
  if (wantsTable(scope.req.headers.accept)) {
    const json = tableJson(type, entries, {
      include: includeObjectOf(q.get('includeObject')),
      resourceVersion: page.resourceVersion,
      continue: page.continue,
      remainingItemCount: page.remainingItemCount,
      objectJson,
    });
    sendJson(scope.res, 200, json, {}, TABLE_CONTENT_TYPE);
    return;
  }
  const meta = JSON.stringify({
    resourceVersion: page.resourceVersion,
    ...(page.continue ? { continue: page.continue } : {}),
    ...(page.remainingItemCount !== undefined
      ? { remainingItemCount: page.remainingItemCount }
      : {}),
  });
  const items = entries.map(objectJson).join(',');
  sendJson(
    scope.res,
    200,
    `{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":${meta},"items":[${items}]}`,
  );
}

function watch(
  scope: RequestScope,
  type: ResourceType,
  ctx: HandlerContext,
  namespace: string,
): void {
  const q = scope.query;
  let fieldSelector = q.get('fieldSelector') ?? undefined;
  if (scope.info.name)
    fieldSelector = [fieldSelector, `metadata.name=${scope.info.name}`].filter(Boolean).join(',');
  // Fail bad selectors with 400 before the stream starts, as kube does.
  parseLabelSelector(q.get('labelSelector') ?? undefined);
  parseFieldSelector(fieldSelector, grKey(type), type.custom);
  const rv = q.get('resourceVersion') ?? '';
  ctx.trackWatch(1);
  serveWatch(
    ctx.store,
    type,
    scope.res,
    {
      namespace: namespace || undefined,
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector,
      resourceVersion: rv,
      allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
      sendInitialEvents: q.get('sendInitialEvents') === 'true',
      timeoutSeconds: Number(q.get('timeoutSeconds') ?? 0),
      table: wantsTable(scope.req.headers.accept)
        ? includeObjectOf(q.get('includeObject'))
        : undefined,
      forceGone: rv !== '' && rv !== '0' && ctx.faults.takeGone(scope.info.resource),
      objectJson: objectJsonFor(type),
    },
    () => ctx.trackWatch(-1),
  );
}

async function patch(
  scope: RequestScope,
  type: ResourceType,
  ctx: HandlerContext,
  namespace: string,
): Promise<void> {
  const { req, query } = scope;
  const contentType = mediaType(req.headers['content-type']);
  const patchType = PATCH_TYPES[contentType];
  if (!patchType) {
    throw unsupportedMediaType(contentType, [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
      ...(type.custom ? [] : ['application/strategic-merge-patch+json']),
    ]);
  }
  const body = decodeBody(await readBody(req), contentType, 'patch');
  const wctx = { ...writeContext(scope), force: query.get('force') === 'true' };
  if (patchType === 'apply' && !query.get('fieldManager')) wctx.fieldManager = '';
  const store = ctx.store;
  const out = await store.commitWrite(() =>
    patchObject(store.core, type, namespace, scope.info.name, patchType, body, wctx),
  );
  respond(scope, type, out.created ? 201 : 200, out.entry, out.warnings);
}

async function deleteOptions(scope: RequestScope): Promise<DeleteOptions> {
  const { req, query } = scope;
  const raw = await readBody(req);
  const body = raw.toString('utf8').trim() ? decodeBody(raw, 'application/json') : {};
  const o = (isPlainObject(body) ? body : {}) as Record<string, unknown>;
  const pre = isPlainObject(o.preconditions) ? o.preconditions : {};
  let policy = (o.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as
    PropagationPolicy | undefined;
  if (
    policy === undefined &&
    (o.orphanDependents === true || query.get('orphanDependents') === 'true')
  )
    policy = 'Orphan';
  const dryRun = dryRunOf(query) || (Array.isArray(o.dryRun) && o.dryRun.includes('All'));
  return {
    propagationPolicy: policy,
    dryRun,
    preconditions: {
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
    },
  };
}

async function remove(
  scope: RequestScope,
  type: ResourceType,
  ctx: HandlerContext,
  namespace: string,
): Promise<void> {
  const opts = await deleteOptions(scope);
  const result = deleteObject(ctx.store.core, type, namespace, scope.info.name, opts);
  await ctx.store.core.commit();
  respond(scope, type, result.deleted ? 200 : 202, result.entry);
}

async function handleSubresource(
  scope: RequestScope,
  ctx: HandlerContext,
  type: ResourceType,
  namespace: string,
): Promise<void> {
  const { info, req } = scope;
  const sub = type.subresources.find((s) => s.name === info.subresource);
  if (!sub) throw pathNotFound();
  const store = ctx.store;
  const key = grKey(type);

  if (key === 'serviceaccounts' && sub.name === 'token') {
    if (info.verb !== 'create') throw methodNotAllowed();
    const body = decodeBody(await readBody(req), req.headers['content-type']);
    const out = await tokenRequest(namespace, info.name, isPlainObject(body) ? body : {}, {
      user: scope.user,
      authz: ctx.authz,
      authn: ctx.authn,
      core: store.core,
      namespace,
    });
    sendJson(scope.res, 201, JSON.stringify(out));
    return;
  }
  if (key === 'pods' && sub.name === 'log') {
    store.core.mustSlot(type, namespace, info.name);
    throw notFound({ group: '', resource: 'pods/log' }, info.name);
  }
  if (key === 'pods' && sub.name === 'binding') {
    if (info.verb !== 'create') throw methodNotAllowed();
    const body = decodeBody(await readBody(req), req.headers['content-type']) as {
      target?: { name?: string };
    };
    const node = body.target?.name;
    if (!node) throw badRequest('Binding target.name is required');
    await store.commitWrite(() =>
      patchObject(
        store.core,
        type,
        namespace,
        info.name,
        'merge',
        { spec: { nodeName: node } },
        { ...writeContext({ ...scope, info: { ...info, subresource: '' } }) },
      ),
    );
    sendJson(
      scope.res,
      201,
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        code: 201,
      }),
    );
    return;
  }
  if (key === 'namespaces' && sub.name === 'finalize') {
    if (info.verb !== 'update') throw methodNotAllowed();
    const body = decodeBody(await readBody(req), req.headers['content-type']) as KubeObject;
    const slot = store.core.mustSlot(type, '', info.name);
    const next = {
      ...(JSON.parse(slot.current.json) as KubeObject),
      spec: isPlainObject(body.spec) ? body.spec : {},
    };
    const wctx = { ...writeContext(scope), subresource: undefined };
    const out = await store.commitWrite(() => updateObject(store.core, type, slot, next, wctx));
    respond(scope, type, 200, out.entry);
    return;
  }
  if (sub.name !== 'status') throw pathNotFound();
  if (info.verb === 'get') {
    respond(scope, type, 200, store.core.mustSlot(type, namespace, info.name).current);
    return;
  }
  if (info.verb === 'update') {
    const body = decodeBody(await readBody(req), req.headers['content-type']);
    const slot = store.core.mustSlot(type, namespace, info.name);
    const wctx = writeContext(scope);
    const out = await store.commitWrite(() => updateObject(store.core, type, slot, body, wctx));
    respond(scope, type, 200, out.entry, out.warnings);
    return;
  }
  if (info.verb === 'patch') return patch(scope, type, ctx, namespace);
  throw methodNotAllowed();
}
