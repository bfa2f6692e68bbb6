import { ApiError, badRequest, conflict, internalError, tooManyRequests } from './errors';
import { isPlainObject } from './object';

/** An injected error response for requests matching verb, resource and namespace. */
export interface ErrorFault {
  /** RBAC verb (get, list, watch, create, update, patch, delete, deletecollection); omit for all. */
  verb?: string;
  /** Resource as in the URL (`pods`, `sriovibnetworks`); omit for all. */
  resource?: string;
  namespace?: string;
  /** HTTP status to answer with: 409, 429, 500, 503, 504, ... */
  code: number;
  /** Fraction of matching requests that fail, 0..1 (default 1). */
  rate?: number;
  /** Fail at most this many requests, then the fault retires. */
  count?: number;
}

/** Faults to start a cluster with (tests only; nothing is injected by default). */
export interface FaultOptions {
  /** Added to every API request, in milliseconds. */
  latencyMs?: number;
  errors?: ErrorFault[];
}

interface Gone {
  remaining: number;
  resource?: string;
}

/**
 * Fault injection for tests: latency, error responses by verb/resource/namespace at a rate,
 * dropped watch streams, and forced 410 Gone on the next watches. Off unless asked.
 */
export class FaultInjector {
  private latency = 0;
  private errors: (ErrorFault & { used: number })[] = [];
  private gone: Gone[] = [];
  private dropHandler: (resource?: string) => void = () => {};

  constructor(initial?: FaultOptions) {
    if (initial) this.set(initial);
  }

  /** Replaces latency and error faults. */
  set(opts: FaultOptions): void {
    this.latency = Math.max(0, opts.latencyMs ?? 0);
    this.errors = (opts.errors ?? []).map((e) => ({ ...e, used: 0 }));
  }

  /** Adds one error fault. */
  addError(fault: ErrorFault): void {
    this.errors.push({ ...fault, used: 0 });
  }

  /** Removes every fault. */
  clear(): void {
    this.latency = 0;
    this.errors = [];
    this.gone = [];
  }

  /** Ends every open watch stream now (of one resource, or all), as a dropped connection would. */
  dropWatches(resource?: string): void {
    this.dropHandler(resource);
  }

  /** Makes the next `count` watches (of one resource, or any) fail with 410 Gone. */
  forceGone(count = 1, resource?: string): void {
    this.gone.push({ remaining: count, ...(resource ? { resource } : {}) });
  }

  /** Wired by the server: how to drop watch streams. */
  onDrop(handler: (resource?: string) => void): void {
    this.dropHandler = handler;
  }

  get latencyMs(): number {
    return this.latency;
  }

  /** The injected error for a request, if one fires. */
  errorFor(verb: string, resource: string, namespace: string, name: string): ApiError | undefined {
    for (const e of this.errors) {
      if (e.verb && e.verb !== verb) continue;
      if (e.resource && e.resource !== resource) continue;
      if (e.namespace && e.namespace !== namespace) continue;
      if (e.count !== undefined && e.used >= e.count) continue;
      if (Math.random() >= (e.rate ?? 1)) continue;
      e.used++;
      return faultError(e.code, resource, name);
    }
    return undefined;
  }

  /** Whether this watch must fail with 410 Gone (consumes one forced failure). */
  takeGone(resource: string): boolean {
    const g = this.gone.find((x) => x.remaining > 0 && (!x.resource || x.resource === resource));
    if (!g) return false;
    g.remaining--;
    this.gone = this.gone.filter((x) => x.remaining > 0);
    return true;
  }

  /** The current faults, as the admin endpoint shows them. */
  describe(): { latencyMs: number; errors: ErrorFault[]; forcedGone: Gone[] } {
    return {
      latencyMs: this.latency,
      errors: this.errors.map(({ used: _used, ...e }) => e),
      forcedGone: this.gone.map((g) => ({ ...g })),
    };
  }

  /**
   * Applies a request of the admin endpoint: `{latencyMs, errors, dropWatches, forceGone}`;
   * throws 400 for anything malformed.
   */
  applyRequest(body: unknown): void {
    if (!isPlainObject(body)) throw badRequest('faults: the body must be a JSON object');
    if (body.latencyMs !== undefined || body.errors !== undefined) {
      if (body.latencyMs !== undefined && typeof body.latencyMs !== 'number')
        throw badRequest('faults: latencyMs must be a number of milliseconds');
      if (
        body.errors !== undefined &&
        (!Array.isArray(body.errors) ||
          !body.errors.every((e) => isPlainObject(e) && typeof e.code === 'number'))
      ) {
        throw badRequest(
          'faults: errors must be a list of {verb?, resource?, namespace?, code, rate?, count?}',
        );
      }
      this.set({
        latencyMs: (body.latencyMs as number | undefined) ?? this.latency,
        errors: (body.errors as ErrorFault[] | undefined) ?? this.errors,
      });
    }
    if (body.dropWatches !== undefined) {
      const resource = isPlainObject(body.dropWatches)
        ? (body.dropWatches.resource as string | undefined)
        : undefined;
      this.dropWatches(resource);
    }
    if (body.forceGone !== undefined) {
      const spec = body.forceGone;
      if (typeof spec === 'number') this.forceGone(spec);
      else if (isPlainObject(spec))
        this.forceGone(Number(spec.count ?? 1), spec.resource as string | undefined);
      else throw badRequest('faults: forceGone must be a count or {count, resource}');
    }
  }
}

function faultError(code: number, resource: string, name: string): ApiError {
  switch (code) {
    case 409:
      return conflict({ group: '', resource }, name || 'unknown');
    case 429:
      return tooManyRequests(1);
    case 500:
      return internalError('injected fault');
    case 503:
      return new ApiError(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request (injected fault)',
      );
    case 504:
      return new ApiError(
        504,
        'Timeout',
        'the server was unable to return a response in the time allotted (injected fault)',
      );
    default:
      return new ApiError(code, 'Unknown', `injected fault with status ${code}`);
  }
}
