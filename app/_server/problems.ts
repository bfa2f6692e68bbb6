import { KubeError } from '@/lib/kube';
import type { ApiErrorBody, ApiErrorCode } from '@/lib/views/types';
import { log } from './log';

type ErrorFields = Omit<ApiErrorBody['error'], 'code' | 'message' | 'reason'>;

/** An error the console answers with on purpose: status, code and a message a person can act on. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly reason: string = code,
    readonly fields: ErrorFields = {},
  ) {
    super(message);
  }

  body(): ApiErrorBody {
    return {
      error: { code: this.code, message: this.message, reason: this.reason, ...this.fields },
    };
  }
}

/** The one answer to any failure of identity: no hint whether the token was wrong or expired. */
export const SIGN_IN_AGAIN = 'Your session is not valid: sign in again.';

export function unauthenticated(): ApiProblem {
  return new ApiProblem(401, 'unauthenticated', SIGN_IN_AGAIN, 'Unauthorized');
}

export function badRequest(message: string, fields: ErrorFields = {}): ApiProblem {
  return new ApiProblem(400, 'bad-request', message, 'BadRequest', fields);
}

/** `sriovibnetworks.sriovnetwork.openshift.io` from an API path, for people. */
function resourceOfPath(path: string): { resource?: string; namespace?: string; name?: string } {
  const m =
    /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/?]+)(?:\/([^/?]+))?/.exec(
      path,
    );
  if (!m) return {};
  const [, group, namespace, plural, name] = m;
  if (plural === 'namespaces' && !namespace)
    return { resource: 'namespaces', name: name && decodeURIComponent(name) };
  return {
    resource: group ? `${plural}.${group}` : plural,
    namespace: namespace && decodeURIComponent(namespace),
    name: name && decodeURIComponent(name),
  };
}

const VERBS: Record<string, string> = {
  GET: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
  WATCH: 'watch',
};

/** Turns a cluster error into the console's error shape, saying who may not do what where. */
export function fromKubeError(err: KubeError): ApiProblem {
  const target = resourceOfPath(err.target.path);
  const verb =
    err.target.verb === 'GET' && !target.name
      ? 'list'
      : (VERBS[err.target.verb] ?? err.target.verb);
  const where = target.namespace ? ` in namespace ${target.namespace}` : '';
  const fields: ErrorFields = { verb, ...target };
  switch (err.code) {
    case 401:
      return unauthenticated();
    case 403:
      return new ApiProblem(
        403,
        'forbidden',
        `You may not ${verb} ${target.resource ?? 'this resource'}${where}. Ask a cluster administrator for that permission.`,
        err.reason,
        fields,
      );
    case 404:
      return new ApiProblem(
        404,
        'not-found',
        `${target.resource ?? 'The object'} ${target.name ? `"${target.name}" ` : ''}was not found${where}; it may have been deleted.`,
        err.reason,
        fields,
      );
    case 409:
      if (err.reason === 'AlreadyExists') {
        return new ApiProblem(
          409,
          'already-exists',
          `${err.message}: pick another name.`,
          err.reason,
          fields,
        );
      }
      return new ApiProblem(
        409,
        'conflict',
        `${err.message}. Reload, look at the changes and apply again.`,
        err.reason,
        fields,
      );
    case 400:
    case 422:
      return new ApiProblem(
        422,
        'invalid',
        `The cluster refused it: ${err.message}`,
        err.reason,
        fields,
      );
    case 429:
      return new ApiProblem(
        429,
        'rate-limited',
        'The cluster is busy; try again in a moment.',
        err.reason,
        {
          ...fields,
          retryAfterSeconds: err.retryAfterSeconds,
        },
      );
    default:
      return new ApiProblem(
        503,
        'unavailable',
        err.code === 0
          ? 'The console cannot reach the cluster right now; try again shortly.'
          : `The cluster answered with an error (${err.reason}); try again shortly.`,
        err.reason,
        fields,
      );
  }
}

/** Any thrown value as the console's error shape; unexpected errors are logged, never shown. */
export function toProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (err instanceof KubeError) return fromKubeError(err);
  log.error(
    {
      err:
        err instanceof Error
          ? { name: err.name, message: err.message, stack: err.stack }
          : String(err),
    },
    'unexpected error',
  );
  return new ApiProblem(
    500,
    'internal',
    'Something went wrong in the console; try again, and report it if it persists.',
    'InternalError',
  );
}
