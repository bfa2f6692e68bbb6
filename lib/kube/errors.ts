/** The `Status` body the API server sends with every error. */
export interface KubeStatus {
  kind?: 'Status';
  apiVersion?: string;
  status?: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

/** What a request was about, kept on the error so a person can be told exactly what failed. */
export interface RequestTarget {
  verb: string;
  path: string;
}

/**
 * An error answered by the API server (or the failure to reach it: `code` 0). Carries the HTTP
 * status, the Kubernetes reason (NotFound, Conflict, Forbidden, Invalid, Expired, …) and the Status
 * body, so callers branch on meaning rather than on message text.
 */
export class KubeError extends Error {
  override name = 'KubeError';
  readonly code: number;
  readonly reason: string;
  readonly status: KubeStatus;
  readonly target: RequestTarget;
  readonly retryAfterSeconds?: number;

  constructor(code: number, status: KubeStatus, target: RequestTarget, options?: ErrorOptions) {
    super(status.message || `${target.verb} ${target.path} failed with HTTP ${code}`, options);
    this.code = code;
    this.reason = status.reason ?? reasonForCode(code);
    this.status = status;
    this.target = target;
    this.retryAfterSeconds = status.details?.retryAfterSeconds;
  }
}

function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    0: 'ServiceUnavailable',
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}

const hasCode = (code: number) => (err: unknown) => err instanceof KubeError && err.code === code;

export const isNotFound = hasCode(404);
export const isConflict = hasCode(409);
export const isGone = hasCode(410);
export const isForbidden = hasCode(403);
export const isUnauthorized = hasCode(401);
export const isInvalid = hasCode(422);

/** 409 AlreadyExists, as opposed to a resourceVersion Conflict (also 409). */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeError && err.code === 409 && err.reason === 'AlreadyExists';
}

/** Errors worth retrying as they are: the server was unreachable, overloaded or failing. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeError)) return false;
  return err.code === 0 || err.code === 429 || err.code >= 500;
}
