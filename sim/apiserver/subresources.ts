import { badRequest, methodNotAllowed, notFound, pathNotFound } from './errors';
import { decodeBody, readBody, sendJson } from './http-util';
import { isPlainObject, type KubeObject } from './object';
import { grKey, type ResourceType } from './resources';
import { tokenRequest } from './reviews';
import { patchObject } from './write-patch';
import { updateObject } from './writes';
import {
  handlePatch,
  type HandlerContext,
  type RequestScope,
  respond,
  writeContext,
} from './request-helpers';

/** Answers the subresources: status, serviceaccounts/token, pods/binding and log, namespaces/finalize. */
export async function handleSubresource(
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
  if (info.verb === 'patch') return handlePatch(scope, type, ctx, namespace);
  throw methodNotAllowed();
}
