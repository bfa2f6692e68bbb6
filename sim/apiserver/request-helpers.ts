import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './authn';
import { badRequest, unsupportedMediaType } from './errors';
import type { FaultInjector } from './faults';
import { decodeBody, mediaType, readBody, sendJson, warningHeaders } from './http-util';
import type { RbacAuthorizer, UserInfo } from './rbac';
import type { RequestInfo } from './request-info';
import { apiVersionOf, type ResourceType } from './resources';
import type { Store } from './store';
import type { Entry, FieldValidation, PatchType } from './store-types';
import { includeObjectOf, tableJson, wantsTable } from './table';
import { TABLE_CONTENT_TYPE } from './watch-http';
import { patchObject } from './write-patch';
import type { WriteContext } from './writes';

/** What resource handlers need from the server. */
export interface HandlerContext {
  store: Store;
  authn: Authenticator;
  authz: RbacAuthorizer;
  faults: FaultInjector;
}

export interface RequestScope {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
}

export const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Serializes an entry in the version the client asked for (strategy None conversion). */
export function objectJsonFor(type: ResourceType): (e: Entry) => string {
  const apiVersion = apiVersionOf(type);
  return (e) =>
    e.obj.apiVersion === apiVersion ? e.json : JSON.stringify({ ...e.obj, apiVersion });
}

export function fieldManagerOf(query: URLSearchParams, req: IncomingMessage): string {
  const explicit = query.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'] ?? '';
  return (agent.split('/')[0] ?? '').slice(0, 128);
}

export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(
    `fieldValidation parameter unsupported: ${v}. Valid options are Strict, Warn or Ignore`,
  );
}

export function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All'))
    throw badRequest(`Invalid dry run value: ${values.join(', ')}; the only valid value is All`);
  return values.length > 0;
}

export function writeContext(scope: RequestScope): WriteContext {
  return {
    fieldManager: fieldManagerOf(scope.query, scope.req),
    dryRun: dryRunOf(scope.query),
    fieldValidation: fieldValidationOf(scope.query),
    ...(scope.info.subresource ? { subresource: scope.info.subresource } : {}),
  };
}

export function respond(
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

/** PATCH of an object or its status: merge, JSON, strategic merge or apply by Content-Type. */
export async function handlePatch(
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
