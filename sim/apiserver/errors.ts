/**
 * Kubernetes `Status` errors, shaped and worded like kube-apiserver's so that kubectl and
 * client-node print and branch on them exactly as they would against a real cluster.
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The `Status` object kube-apiserver returns for every failed request. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and resource (`pods`, `deployments.apps`) as named in error messages. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** The printable `resource.group` form of a group resource, as kube's GroupResource.String(). */
export function grString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** Thrown by the store and the HTTP layer; carries the Status that goes back to the client. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: Status;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason ?? '';
  }
}

function details(gr: GroupResource, name?: string): StatusDetails {
  return {
    ...(name ? { name } : {}),
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  };
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${grString(gr)} "${name}" not found`, details(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${grString(gr)} "${name}" already exists`,
    details(gr, name),
  );
}

export const CONFLICT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409 Conflict, as for a stale resourceVersion or a failed precondition. */
export function conflict(gr: GroupResource, name: string, why = CONFLICT_MESSAGE): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${grString(gr)} "${name}": ${why}`,
    details(gr, name),
  );
}

/** A validation failure on one field, as kube's field.Error. */
export interface FieldError {
  /** kube's cause reason, e.g. FieldValueRequired. */
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueDuplicate'
    | 'FieldValueTypeInvalid';
  field: string;
  /** The text after the field, e.g. `Required value` or `Invalid value: "x": must be ...`. */
  detail: string;
}

export function fieldRequired(field: string): FieldError {
  return { type: 'FieldValueRequired', field, detail: 'Required value' };
}

export function fieldInvalid(field: string, value: unknown, why: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${goValue(value)}: ${why}` };
}

export function fieldForbidden(field: string, why: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${why}` };
}

export function fieldNotSupported(field: string, value: unknown, allowed: unknown[]): FieldError {
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  return {
    type: 'FieldValueNotSupported',
    field,
    detail: `Unsupported value: ${goValue(value)}: supported values: ${list}`,
  };
}

/** Formats a value as kube's field errors print it: strings quoted, numbers bare. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return Array.isArray(value) ? '[]interface {}' : '"object"';
  return String(value);
}

/** A qualified kind as kube prints it in Invalid messages: `Pod`, `SriovIBNetwork.sriovnetwork.openshift.io`. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** 422 Invalid with one cause per field error. */
export function invalid(gk: GroupKind, name: string, errors: FieldError[]): ApiError {
  const texts = errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail));
  const joined = texts.length === 1 ? (texts[0] ?? '') : `[${texts.join(', ')}]`;
  const qualified = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
  return new ApiError(422, 'Invalid', `${qualified} "${name}" is invalid: ${joined}`, {
    name,
    ...(gk.group ? { group: gk.group } : {}),
    kind: gk.kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** 403 Forbidden: `<gr> "<name>" is forbidden: <why>`, or `forbidden: <why>` for paths. */
export function forbidden(gr: GroupResource | undefined, name: string, why: string): ApiError {
  if (!gr) return new ApiError(403, 'Forbidden', `forbidden: ${why}`, {});
  const subject = name ? `${grString(gr)} "${name}"` : grString(gr);
  return new ApiError(403, 'Forbidden', `${subject} is forbidden: ${why}`, details(gr, name));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

/** 410 Gone for a watch or list from a resourceVersion older than the retained window. */
export function expired(requested: number, oldest: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { ...(contentType ? { causes: [] } : {}) },
  );
}

export function notAcceptable(accepted: string[]): ApiError {
  return new ApiError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}

export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function tooManyRequests(retryAfterSeconds = 1): ApiError {
  return new ApiError(
    429,
    'TooManyRequests',
    'Too many requests, please try again later.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function internalError(why: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${why}`, {
    causes: [{ reason: '', message: why }],
  });
}

export function requestEntityTooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `the request body exceeds ${limit} bytes`);
}
