import { badRequest, methodNotAllowed, pathNotFound } from './errors';
import { decodeBody, readBody, sendJson } from './http-util';
import { isPlainObject } from './object';
import { apiVersionOf, grKey, type ResourceType } from './resources';
import { review } from './reviews';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import type { DeleteOptions, PropagationPolicy } from './store-types';
import { includeObjectOf, tableJson, wantsTable } from './table';
import { serveWatch, TABLE_CONTENT_TYPE } from './watch-http';
import { deleteObject } from './deletion';
import { createObject, updateObject } from './writes';
import { handleSubresource } from './subresources';
import {
  dryRunOf,
  handlePatch,
  type HandlerContext,
  objectJsonFor,
  type RequestScope,
  respond,
  writeContext,
} from './request-helpers';

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
      return handlePatch(scope, type, ctx, namespace);
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
  serveWatch(ctx.store, type, scope.res, {
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
  });
}

async function deleteOptions(
  scope: RequestScope,
): Promise<DeleteOptions & { orphanDependents?: boolean }> {
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
  const orphanDependents = typeof o.orphanDependents === 'boolean' ? o.orphanDependents : undefined;
  if (policy === undefined && orphanDependents === false) policy = 'Background';
  return {
    ...(orphanDependents !== undefined ? { orphanDependents } : {}),
    propagationPolicy: policy,
    dryRun,
    preconditions: {
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
    },
  };
}

/** Kinds whose DELETE answers with the deleted object; the others answer Status Success. */
const RETURNS_DELETED_OBJECT = new Set(['pods', 'serviceaccounts', 'namespaces']);

async function remove(
  scope: RequestScope,
  type: ResourceType,
  ctx: HandlerContext,
  namespace: string,
): Promise<void> {
  const opts = await deleteOptions(scope);
  const result = deleteObject(ctx.store.core, type, namespace, scope.info.name, opts);
  await ctx.store.core.commit();
  if (!result.deleted) {
    // kube answers 202 for a pending delete only when the client asked for cascading this way.
    respond(scope, type, opts.orphanDependents === false ? 202 : 200, result.entry);
    return;
  }
  if (RETURNS_DELETED_OBJECT.has(grKey(type))) {
    respond(scope, type, 200, result.entry);
    return;
  }
  const details = {
    name: scope.info.name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.plural,
    uid: result.entry.obj.metadata.uid,
  };
  sendJson(
    scope.res,
    200,
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }),
  );
}
