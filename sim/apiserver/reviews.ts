import type { Authenticator } from './authn';
import { API_AUDIENCE } from './authn';
import { badRequest, invalid, notFound } from './errors';
import { getPath, isPlainObject } from './object';
import type { Attributes, RbacAuthorizer, UserInfo } from './rbac';
import type { StoreCore } from './store-core';

/**
 * The create-only review resources (access and token reviews) and TokenRequest. Each takes the
 * request body and answers with the same object plus its status, never storing it.
 */

interface ReviewContext {
  user: UserInfo;
  authz: RbacAuthorizer;
  authn: Authenticator;
  core: StoreCore;
  namespace: string;
}

type Body = Record<string, unknown>;

function attributesFrom(spec: unknown, user: UserInfo): Attributes {
  const res = getPath(spec, ['resourceAttributes']);
  const nonRes = getPath(spec, ['nonResourceAttributes']);
  if (isPlainObject(res)) {
    return {
      user,
      verb: String(res.verb ?? ''),
      resourceRequest: true,
      path: '',
      apiGroup: String(res.group ?? ''),
      resource: String(res.resource ?? ''),
      subresource: String(res.subresource ?? ''),
      namespace: String(res.namespace ?? ''),
      name: String(res.name ?? ''),
    };
  }
  if (isPlainObject(nonRes)) {
    return {
      user,
      verb: String(nonRes.verb ?? ''),
      resourceRequest: false,
      path: String(nonRes.path ?? ''),
      apiGroup: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
    };
  }
  throw invalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' }, '', [
    {
      type: 'FieldValueRequired',
      field: 'spec.resourceAttributes',
      detail:
        'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    },
  ]);
}

function decision(ctx: ReviewContext, attrs: Attributes): Body {
  const allowed = ctx.authz.authorize(attrs);
  return allowed
    ? { allowed: true, reason: 'RBAC: allowed by the bindings of the user' }
    : { allowed: false };
}

function answer(body: Body, status: Body): Body {
  const meta = isPlainObject(body.metadata) ? body.metadata : {};
  return { ...body, metadata: { ...meta, creationTimestamp: null }, status };
}

/** Handles POST of a review resource; returns the response object. */
export async function review(resource: string, body: Body, ctx: ReviewContext): Promise<Body> {
  switch (resource) {
    case 'selfsubjectaccessreviews':
      return answer(body, decision(ctx, attributesFrom(body.spec, ctx.user)));
    case 'localsubjectaccessreviews':
    case 'subjectaccessreviews': {
      const spec = isPlainObject(body.spec) ? body.spec : {};
      const subject: UserInfo = {
        username: String(spec.user ?? ''),
        ...(spec.uid ? { uid: String(spec.uid) } : {}),
        groups: Array.isArray(spec.groups) ? spec.groups.map(String) : [],
      };
      const attrs = attributesFrom(spec, subject);
      if (resource === 'localsubjectaccessreviews') {
        if (attrs.namespace && attrs.namespace !== ctx.namespace) {
          throw badRequest(
            `spec.resourceAttributes.namespace must match metadata.namespace: ${attrs.namespace} != ${ctx.namespace}`,
          );
        }
        attrs.namespace = ctx.namespace;
      }
      return answer(body, decision(ctx, attrs));
    }
    case 'selfsubjectrulesreviews': {
      const namespace = String(getPath(body, ['spec', 'namespace']) ?? '');
      const rules = ctx.user.groups.includes('system:masters')
        ? {
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          }
        : ctx.authz.rulesReview(ctx.user, namespace);
      return answer(body, { ...rules, incomplete: false });
    }
    case 'selfsubjectreviews':
      return answer(body, {
        userInfo: {
          username: ctx.user.username,
          ...(ctx.user.uid ? { uid: ctx.user.uid } : {}),
          groups: ctx.user.groups,
          ...(ctx.user.extra ? { extra: ctx.user.extra } : {}),
        },
      });
    case 'tokenreviews': {
      const token = String(getPath(body, ['spec', 'token']) ?? '');
      const audiences = getPath(body, ['spec', 'audiences']);
      const wanted =
        Array.isArray(audiences) && audiences.length > 0 ? audiences.map(String) : [API_AUDIENCE];
      const user = token ? await ctx.authn.authenticate(token, wanted) : undefined;
      return answer(
        body,
        user
          ? {
              authenticated: true,
              user: { username: user.username, uid: user.uid, groups: user.groups },
              audiences: wanted,
            }
          : { authenticated: false, error: 'invalid bearer token' },
      );
    }
    default:
      throw badRequest(`${resource} is not a review resource`);
  }
}

/** POST serviceaccounts/<name>/token: issues a bound service account token (TokenRequest). */
export async function tokenRequest(
  namespace: string,
  name: string,
  body: Body,
  ctx: ReviewContext,
): Promise<Body> {
  const sa = ctx.core.slot('serviceaccounts', namespace, name);
  if (!sa) throw notFound({ group: '', resource: 'serviceaccounts' }, name);
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const expirationSeconds = Number(spec.expirationSeconds ?? 3600);
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        detail: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
      },
    ]);
  }
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length > 0
      ? spec.audiences.map(String)
      : [API_AUDIENCE];
  const issued = await ctx.authn.issue(
    namespace,
    name,
    sa.current.obj.metadata.uid ?? '',
    audiences,
    expirationSeconds,
  );
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: issued,
  };
}
