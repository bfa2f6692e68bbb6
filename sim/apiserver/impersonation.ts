import { badRequest, forbidden } from './errors';
import { type Attributes, forbiddenReason, type RbacAuthorizer, type UserInfo } from './rbac';

const SA_PREFIX = 'system:serviceaccount:';

/**
 * Applies the Impersonate-* headers: each requested user, group, uid and extra must be allowed
 * by RBAC (`impersonate` on users, groups, serviceaccounts, uids, userextras), else 403 with
 * kube's wording. Returns the user the request then runs as.
 */
export function impersonate(
  headers: NodeJS.Dict<string[]>,
  requester: UserInfo,
  authz: RbacAuthorizer,
): UserInfo {
  // headersDistinct keeps repeated headers apart, as Go clients send one per group.
  const username = headers['impersonate-user']?.[0];
  const groups = headers['impersonate-group'] ?? [];
  const uid = headers['impersonate-uid']?.[0];
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (name.startsWith('impersonate-extra-') && values) {
      extra[decodeURIComponent(name.slice('impersonate-extra-'.length))] = values;
    }
  }
  if (username === undefined) {
    if (groups.length > 0 || uid !== undefined || Object.keys(extra).length > 0) {
      throw badRequest(
        'requested impersonation of groups, uid or extra without impersonating a user',
      );
    }
    return requester;
  }

  const check = (a: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'path'>): void => {
    const attrs: Attributes = {
      ...a,
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      path: '',
    };
    if (!authz.authorize(attrs)) {
      throw forbidden({ group: a.apiGroup, resource: a.resource }, a.name, forbiddenReason(attrs));
    }
  };
  const none = { subresource: '', namespace: '' };

  const resultGroups = [...groups];
  if (username.startsWith(SA_PREFIX)) {
    const [namespace = '', name = ''] = username.slice(SA_PREFIX.length).split(':');
    check({ apiGroup: '', resource: 'serviceaccounts', subresource: '', namespace, name });
    if (groups.length === 0)
      resultGroups.push('system:serviceaccounts', `system:serviceaccounts:${namespace}`);
  } else {
    check({ apiGroup: '', resource: 'users', name: username, ...none });
  }
  for (const g of groups) check({ apiGroup: '', resource: 'groups', name: g, ...none });
  if (typeof uid === 'string')
    check({ apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid, ...none });
  for (const [key, values] of Object.entries(extra)) {
    for (const v of values)
      check({
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: key,
        name: v,
        namespace: '',
      });
  }

  if (username !== 'system:anonymous' && !resultGroups.includes('system:authenticated')) {
    resultGroups.push('system:authenticated');
  }
  return {
    username,
    ...(typeof uid === 'string' ? { uid } : {}),
    groups: resultGroups,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
