import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../cluster';

let cluster: Cluster;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

function call(
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string | string[]> } = {},
): Promise<Reply> {
  const token = opts.token === undefined ? cluster.tokens.admin : opts.token;
  const url = new URL(path, cluster.url);
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: cluster.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          'Content-Type': 'application/json',
          // Node sends DELETE bodies unframed unless told their length.
          ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...(opts.headers ?? {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a watch and collects its lines until `until` says stop or the stream ends. */
function watchLines(
  path: string,
  until: (lines: string[]) => boolean,
  headers: Record<string, string> = {},
): Promise<{ lines: string[]; headersAt: number; firstLineAt: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let headersAt = 0;
    let firstLineAt = 0;
    const req = request(
      new URL(path, cluster.url),
      {
        ca: cluster.caPem,
        headers: { Authorization: `Bearer ${cluster.tokens.admin}`, ...headers },
      },
      (res) => {
        headersAt = Date.now() - started;
        const lines: string[] = [];
        let buf = '';
        const done = () => {
          req.destroy();
          resolve({ lines, headersAt, firstLineAt });
        };
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          const parts = buf.split('\n');
          buf = parts.pop() ?? '';
          for (const p of parts) {
            if (!firstLineAt) firstLineAt = Date.now() - started;
            lines.push(p);
          }
          if (until(lines)) done();
        });
        res.on('end', done);
      },
    );
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

beforeAll(async () => {
  cluster = await startCluster({ bookmarkIntervalMs: 100, fabric: false });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('HTTP surface', () => {
  it('authenticates bearer tokens: 401 without or with a bad token, anonymous only on health and version', async () => {
    const missing = await call('GET', '/api/v1/namespaces', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await call('GET', '/api', { token: 'nope' })).status).toBe(401);
    expect((await call('GET', '/healthz', { token: null })).text).toBe('ok');
    expect((await call('GET', '/version', { token: null })).json()).toMatchObject({
      major: '1',
      minor: '32',
    });
  });

  it('serves aggregated discovery by Accept and legacy discovery otherwise', async () => {
    const aggregated = await call('GET', '/apis', {
      headers: {
        Accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(aggregated.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const groups = aggregated.json<{
      items: {
        metadata: { name: string };
        versions: {
          resources: {
            resource: string;
            shortNames?: string[];
            subresources?: { subresource: string }[];
          }[];
        }[];
      }[];
    }>();
    const nad = groups.items.find((g) => g.metadata.name === 'k8s.cni.cncf.io')?.versions[0]
      ?.resources[0];
    expect(nad).toMatchObject({
      resource: 'network-attachment-definitions',
      shortNames: ['net-attach-def'],
    });
    const sriov = groups.items
      .find((g) => g.metadata.name === 'sriovnetwork.openshift.io')
      ?.versions[0]?.resources.find((r) => r.resource === 'sriovibnetworks');
    expect(sriov?.subresources).toEqual([expect.objectContaining({ subresource: 'status' })]);

    const legacy = await call('GET', '/apis');
    expect(legacy.headers['content-type']).toBe('application/json');
    expect(legacy.json<{ kind: string }>().kind).toBe('APIGroupList');
    const core = await call('GET', '/api/v1');
    expect(core.json<{ resources: { name: string }[] }>().resources.map((r) => r.name)).toContain(
      'pods/status',
    );
  });

  it('publishes OpenAPI v3 with fieldValidation on every PATCH, and 404 for v2', async () => {
    const root = (await call('GET', '/openapi/v3')).json<{
      paths: Record<string, { serverRelativeURL: string }>;
    }>();
    const url = root.paths['apis/sriovnetwork.openshift.io/v1']?.serverRelativeURL ?? '';
    expect(url).toMatch(/\?hash=/);
    const doc = (await call('GET', url)).json<{
      paths: Record<
        string,
        { patch?: { parameters: { name: string }[]; 'x-kubernetes-group-version-kind': unknown } }
      >;
      components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> };
    }>();
    const patch =
      doc.paths['/apis/sriovnetwork.openshift.io/v1/namespaces/{namespace}/sriovibnetworks/{name}']
        ?.patch;
    expect(patch?.parameters.map((p) => p.name)).toContain('fieldValidation');
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'sriovnetwork.openshift.io',
      version: 'v1',
      kind: 'SriovIBNetwork',
    });
    expect(
      doc.components.schemas['io.openshift.sriovnetwork.v1.SriovIBNetwork']?.[
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual([{ group: 'sriovnetwork.openshift.io', kind: 'SriovIBNetwork', version: 'v1' }]);
    expect((await call('GET', '/openapi/v2')).status).toBe(404);
  });

  it('renders Tables for kubectl, with metadata, full objects or nothing per row', async () => {
    await cluster.store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'node-role.kubernetes.io/worker': '' } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        nodeInfo: { kubeletVersion: 'v1.32.0' },
      },
    });
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const nodes = await call('GET', '/api/v1/nodes', { headers: { Accept: accept } });
    expect(nodes.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = nodes.json<{
      columnDefinitions: { name: string }[];
      rows: { cells: unknown[]; object: { kind: string } }[];
    }>();
    expect(table.columnDefinitions.slice(0, 5).map((c) => c.name)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
    ]);
    expect(table.rows[0]?.cells.slice(0, 3)).toEqual(['node-1', 'Ready', 'worker']);
    expect(table.rows[0]?.cells[4]).toBe('v1.32.0');
    expect(table.rows[0]?.object.kind).toBe('PartialObjectMetadata');
    const full = (
      await call('GET', '/api/v1/nodes?includeObject=Object', { headers: { Accept: accept } })
    ).json<{ rows: { object: { kind: string } }[] }>();
    expect(full.rows[0]?.object.kind).toBe('Node');
  });

  it('streams watches: headers at once, BOOKMARKs, initial events, timeoutSeconds and 410 as an ERROR event', async () => {
    const base = '/api/v1/namespaces/ib-team/configmaps';
    const rv = (await call('GET', base)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    const bookmarks = await watchLines(
      `${base}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`,
      (l) => l.some((x) => x.includes('BOOKMARK')),
    );
    expect(bookmarks.headersAt).toBeLessThan(bookmarks.firstLineAt + 1);
    expect(JSON.parse(bookmarks.lines[0] ?? '{}')).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'ConfigMap', apiVersion: 'v1' },
    });

    const ended = await watchLines(`${base}?watch=true&timeoutSeconds=1`, () => false);
    expect(ended.lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['ADDED']);

    cluster.faults.forceGone(1);
    const gone = await watchLines(`${base}?watch=true&resourceVersion=${rv}`, () => false);
    expect(JSON.parse(gone.lines[0] ?? '{}')).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });

    const single = watchLines(
      `${base}/solo?watch=true&resourceVersion=${rv}`,
      (l) => l.length >= 1,
    );
    await cluster.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'other', namespace: 'ib-team' },
    });
    await cluster.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'solo', namespace: 'ib-team' },
    });
    expect(JSON.parse((await single).lines[0] ?? '{}')).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'solo' } },
    });
  });

  it('honours impersonation only where RBAC allows it', async () => {
    const asEditor = await call('GET', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      headers: { 'Impersonate-User': 'editor' },
    });
    expect(asEditor.status).toBe(403);
    const review = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      headers: { 'Impersonate-User': 'jane', 'Impersonate-Group': ['devs', 'ops'] },
    });
    expect(review.json<{ status: { userInfo: unknown } }>().status.userInfo).toEqual({
      username: 'jane',
      groups: ['devs', 'ops', 'system:authenticated'],
    });
    const denied = await call('GET', '/api/v1/pods', {
      token: cluster.tokens.viewer,
      headers: { 'Impersonate-User': 'admin' },
    });
    expect(denied.status).toBe(403);
    expect(denied.json<{ message: string }>().message).toBe(
      'users "admin" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('injects faults from the admin-only endpoint', async () => {
    expect(
      (await call('POST', '/ibnet/faults', { token: cluster.tokens.editor, body: {} })).status,
    ).toBe(403);
    await call('POST', '/ibnet/faults', {
      body: {
        errors: [
          { verb: 'list', resource: 'configmaps', code: 500, count: 1 },
          { verb: 'create', namespace: 'ib-team', code: 429, count: 1 },
        ],
      },
    });
    const failed = await call('GET', '/api/v1/configmaps');
    expect(failed.status).toBe(500);
    expect((await call('GET', '/api/v1/configmaps')).status).toBe(200);
    const throttled = await call('POST', '/api/v1/namespaces/ib-team/configmaps', {
      body: { metadata: { name: 'x' } },
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    await call('DELETE', '/ibnet/faults');
    expect((await call('GET', '/ibnet/faults')).json()).toEqual({
      latencyMs: 0,
      errors: [],
      forcedGone: [],
    });
  });

  it('handles delete options, deletecollection and media types like kube', async () => {
    const path = '/api/v1/namespaces/ib-team/configmaps';
    await call('POST', path, { body: { metadata: { name: 'pre', labels: { batch: 'b' } } } });
    await call('POST', path, { body: { metadata: { name: 'pre2', labels: { batch: 'b' } } } });
    const precondition = await call('DELETE', `${path}/pre`, {
      body: { preconditions: { uid: 'wrong' } },
    });
    expect(precondition.status).toBe(409);
    expect(precondition.json<{ message: string }>().message).toContain(
      'Precondition failed: UID in precondition: wrong',
    );
    const collection = await call('DELETE', `${path}?labelSelector=batch%3Db`);
    expect(collection.json<{ items: unknown[] }>().items).toHaveLength(2);
    const smp = await call(
      'PATCH',
      '/apis/sriovnetwork.openshift.io/v1/namespaces/ib-team/sriovibnetworks/x',
      { body: {}, headers: { 'Content-Type': 'application/strategic-merge-patch+json' } },
    );
    expect(smp.status).toBe(415);
    const apply = await call('PATCH', `${path}/applied?fieldManager=t`, {
      body: 'apiVersion: v1\nkind: ConfigMap\ndata: {k: v}\n',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
    });
    expect(apply.status).toBe(201);
    const noManager = await call('PATCH', `${path}/applied`, {
      body: '{"apiVersion":"v1","kind":"ConfigMap"}',
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
    });
    expect(noManager.status).toBe(422);
  });

  it('exposes kube-apiserver metrics', async () => {
    await call('GET', '/api/v1/namespaces/ib-team/pods');
    const text = await cluster.metrics();
    expect(text).toMatch(
      /apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="pods",subresource="",scope="namespace",component="apiserver",code="200"\} \d+/,
    );
    expect(text).toMatch(/apiserver_request_duration_seconds_bucket\{le="0.005",verb="LIST"/);
    expect(text).toMatch(
      /apiserver_storage_objects\{resource="customresourcedefinitions.apiextensions.k8s.io"\} 8/,
    );
    expect(text).toContain('apiserver_registered_watchers');
    const viaHttp = await call('GET', '/metrics');
    expect(viaHttp.text).toContain('apiserver_request_total');
    expect((await call('GET', '/metrics', { token: cluster.tokens.viewer })).status).toBe(403);
  });
});
