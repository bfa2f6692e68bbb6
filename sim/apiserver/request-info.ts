/** What a request URL addresses, as kube's RequestInfoFactory derives it. */
export interface RequestInfo {
  resourceRequest: boolean;
  path: string;
  /** Lower-case RBAC verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb: string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments below the group version, for discovery answers. */
  parts: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses a request path and method (query already split off) into RequestInfo. */
export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const base: RequestInfo = {
    resourceRequest: false,
    path,
    verb: method.toLowerCase(),
    group: '',
    version: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const prefix = segments[0];
  if (prefix !== 'api' && prefix !== 'apis') return base;
  let rest: string[];
  if (prefix === 'api') {
    if (segments.length < 2) return base;
    base.version = segments[1] ?? '';
    rest = segments.slice(2);
  } else {
    if (segments.length < 3) return base;
    base.group = segments[1] ?? '';
    base.version = segments[2] ?? '';
    rest = segments.slice(3);
  }
  base.apiPrefix = prefix;
  base.parts = rest;
  if (rest.length === 0) return base;

  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length > 1) {
    base.namespace = rest[1] ?? '';
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  base.resourceRequest = true;
  base.resource = rest[0] ?? '';
  base.name = rest[1] ?? '';
  base.subresource = rest.slice(2).join('/');

  const watch = watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      base.verb = base.name ? (watch ? 'watch' : 'get') : watch ? 'watch' : 'list';
      break;
    case 'POST':
      base.verb = 'create';
      break;
    case 'PUT':
      base.verb = 'update';
      break;
    case 'PATCH':
      base.verb = 'patch';
      break;
    case 'DELETE':
      base.verb = base.name ? 'delete' : 'deletecollection';
      break;
    default:
      base.verb = method.toLowerCase();
  }
  return base;
}
