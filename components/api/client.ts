import type {
  AccessView,
  ApiErrorBody,
  DryRunRequest,
  EventView,
  FabricView,
  ListResponse,
  NadRow,
  NetworkDeleteRequest,
  NetworkDetail,
  NetworkPlural,
  NetworkRow,
  NetworkWriteRequest,
  NetworkWriteResult,
  NodeRow,
  NodeStateView,
  OverviewView,
  PodDetail,
  PodFilter,
  PodPage,
  PolicyRow,
  PoolView,
  ReleaseRequest,
  SessionView,
  SignInOptions,
  SignInRequest,
  TestPodRequest,
} from '@/lib/views/types';
import type { AdditionalNetwork, OpenShiftNetwork, SriovNetworkNodePolicy } from '@/lib/model';

/** Header every mutating request carries; its value comes from the session. */
export const CSRF_HEADER = 'X-IBNet-CSRF';

/** A non-2xx answer of the console API, with the one error shape's fields. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly body: ApiErrorBody['error'];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.body = body;
  }

  get code(): ApiErrorBody['error']['code'] {
    return this.body.code;
  }
}

let csrfToken: string | undefined;

/** Remembers the session's CSRF token for the mutating requests that follow. */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    // The token lives in the session; fetch it once if no page asked for the session yet.
    if (!csrfToken && !path.startsWith('/api/session')) await getSession();
    if (csrfToken) headers[CSRF_HEADER] = csrfToken;
  }
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error = (parsed as ApiErrorBody | undefined)?.error ?? {
      code: 'internal' as const,
      message: `the console answered HTTP ${res.status}`,
      reason: 'Unknown',
    };
    throw new ApiError(res.status, error);
  }
  return parsed as T;
}

async function getSession(): Promise<SessionView> {
  const session = await call<SessionView>('GET', '/api/session');
  rememberCsrfToken(session.csrfToken);
  return session;
}

const seg = encodeURIComponent;

const done = (): void => undefined;

function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const networkPath = (plural: NetworkPlural, namespace: string, name: string) =>
  `/api/networks/${plural}/${seg(namespace)}/${seg(name)}`;

/** Typed calls to every console route. */
export const api = {
  session: getSession,
  signInOptions: () => call<SignInOptions>('GET', '/api/session/options'),
  signIn: async (body: SignInRequest) => {
    const session = await call<SessionView>('POST', '/api/session', body);
    rememberCsrfToken(session.csrfToken);
    return session;
  },
  signOut: async () => {
    await call<unknown>('DELETE', '/api/session');
    rememberCsrfToken(undefined);
  },
  access: (namespace?: string) => call<AccessView>('GET', `/api/access${query({ namespace })}`),
  overview: () => call<OverviewView>('GET', '/api/overview'),

  networks: () => call<ListResponse<NetworkRow>>('GET', '/api/networks'),
  network: (plural: NetworkPlural, namespace: string, name: string) =>
    call<NetworkDetail>('GET', networkPath(plural, namespace, name)),
  createNetwork: (body: NetworkWriteRequest) =>
    call<NetworkWriteResult>('POST', '/api/networks', body),
  updateNetwork: (
    plural: NetworkPlural,
    namespace: string,
    name: string,
    body: NetworkWriteRequest,
  ) => call<NetworkWriteResult>('PUT', networkPath(plural, namespace, name), body),
  deleteNetwork: (
    plural: NetworkPlural,
    namespace: string,
    name: string,
    body: NetworkDeleteRequest,
  ) => call<unknown>('DELETE', networkPath(plural, namespace, name), body).then(done),
  dryRunNetwork: (body: DryRunRequest) =>
    call<NetworkWriteResult>('POST', '/api/networks/dry-run', body),

  pods: (filter: PodFilter = {}) => call<PodPage>('GET', `/api/pods${query(filter)}`),
  pod: (namespace: string, name: string) =>
    call<PodDetail>('GET', `/api/pods/${seg(namespace)}/${seg(name)}`),
  createTestPod: (body: TestPodRequest) => call<PodDetail>('POST', '/api/pods/test', body),
  deleteTestPod: (namespace: string, name: string) =>
    call<unknown>('DELETE', `/api/pods/${seg(namespace)}/${seg(name)}`).then(done),

  pools: () => call<ListResponse<PoolView>>('GET', '/api/pools'),
  pool: (namespace: string, name: string) =>
    call<PoolView>('GET', `/api/pools/${seg(namespace)}/${seg(name)}`),
  releaseAllocation: (namespace: string, name: string, body: ReleaseRequest) =>
    call<PoolView>('POST', `/api/pools/${seg(namespace)}/${seg(name)}/release`, body),

  fabric: () => call<FabricView>('GET', '/api/fabric'),
  nodeStates: () => call<ListResponse<NodeStateView>>('GET', '/api/nodestates'),
  nodes: () => call<ListResponse<NodeRow>>('GET', '/api/nodes'),
  namespaces: () => call<ListResponse<string>>('GET', '/api/namespaces'),
  events: (filter: { namespace?: string; kind?: string; name?: string } = {}) =>
    call<ListResponse<EventView>>('GET', `/api/events${query(filter)}`),
  nads: () => call<ListResponse<NadRow>>('GET', '/api/nads'),
  deleteOrphanNad: (namespace: string, name: string, resourceVersion?: string) =>
    call<unknown>('DELETE', `/api/nads/${seg(namespace)}/${seg(name)}`, {
      resourceVersion,
    }).then(done),

  policies: () => call<ListResponse<PolicyRow>>('GET', '/api/policies'),
  policy: (namespace: string, name: string) =>
    call<PolicyRow>('GET', `/api/policies/${seg(namespace)}/${seg(name)}`),
  createPolicy: (object: SriovNetworkNodePolicy) =>
    call<PolicyRow>('POST', '/api/policies', { object }),
  updatePolicy: (namespace: string, name: string, object: SriovNetworkNodePolicy) =>
    call<PolicyRow>('PUT', `/api/policies/${seg(namespace)}/${seg(name)}`, { object }),

  openshiftNetwork: () => call<OpenShiftNetwork>('GET', '/api/openshift/network'),
  addAdditionalNetwork: (network: AdditionalNetwork, resourceVersion?: string) =>
    call<OpenShiftNetwork>('POST', '/api/openshift/network/additional-networks', {
      network,
      resourceVersion,
    }),
  removeAdditionalNetwork: (namespace: string, name: string, resourceVersion?: string) =>
    call<OpenShiftNetwork>(
      'DELETE',
      `/api/openshift/network/additional-networks/${seg(namespace)}/${seg(name)}`,
      { resourceVersion },
    ),
};
