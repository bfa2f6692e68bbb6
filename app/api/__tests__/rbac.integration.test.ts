import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestConsole, startTestConsole } from '@/app/_server/testing/harness';
import * as access from '@/app/api/access/route';
import * as networks from '@/app/api/networks/route';
import * as network from '@/app/api/networks/[plural]/[namespace]/[name]/route';
import * as dryRun from '@/app/api/networks/dry-run/route';
import type {
  AccessView,
  ApiErrorBody,
  ListResponse,
  NetworkRow,
  NetworkWriteResult,
} from '@/lib/views/types';
import { ibNetwork, seedNetwork, seedPod } from './fixtures';

let t: TestConsole;

beforeAll(async () => {
  t = await startTestConsole();
  await seedNetwork(t.cluster, ibNetwork('ib-team', 'ib-team-net'));
  await seedNetwork(t.cluster, ibNetwork('default', 'default-net'));
  await seedPod(t.cluster, 'ib-team', 'trainer-0', {
    'k8s.v1.cni.cncf.io/networks': 'ib-team-net',
  });
});

afterAll(async () => {
  await t?.stop();
});

const names = (body: ListResponse<NetworkRow>) =>
  body.items.map((r) => `${r.namespace}/${r.name}`).sort();

describe('what each demo user sees and may do', () => {
  it('lists exactly the networks RBAC lets each user see', async () => {
    const [admin, editor, viewer] = await Promise.all([
      t.signIn('admin'),
      t.signIn('editor'),
      t.signIn('viewer'),
    ]);
    const all = ['default/default-net', 'ib-team/ib-team-net'];
    expect(
      names((await admin.json<ListResponse<NetworkRow>>(networks.GET, '/api/networks')).body),
    ).toEqual(all);
    expect(
      names((await viewer.json<ListResponse<NetworkRow>>(networks.GET, '/api/networks')).body),
    ).toEqual(all);
    expect(
      names((await editor.json<ListResponse<NetworkRow>>(networks.GET, '/api/networks')).body),
    ).toEqual(['ib-team/ib-team-net']);
  });

  it('answers permissions from access reviews so pages can disable what is refused', async () => {
    const editor = await t.signIn('editor');
    const viewer = await t.signIn('viewer');
    const e = (await editor.json<AccessView>(access.GET, '/api/access?namespace=ib-team')).body;
    expect(e.namespaces['ib-team']?.sriovibnetworks).toContain('create');
    expect(e.namespaces['ib-team']?.pods).toContain('delete');
    expect(e.cluster.sriovibnetworks ?? []).not.toContain('create');
    expect(e.visibleNamespaces).toEqual(['ib-team']);
    const v = (await viewer.json<AccessView>(access.GET, '/api/access?namespace=ib-team')).body;
    expect(v.cluster.sriovibnetworks).toContain('list');
    expect(v.cluster.sriovibnetworks).not.toContain('create');
    expect(v.namespaces['ib-team']?.sriovibnetworks).not.toContain('update');
  });

  it('lets the editor write networks in ib-team and not elsewhere, naming what was denied', async () => {
    const editor = await t.signIn('editor');
    const ok = await editor.json<NetworkWriteResult>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { object: ibNetwork('ib-team', 'editor-made') },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.object.metadata.uid).toBeTruthy();
    expect(ok.body.nad?.metadata.namespace).toBe('ib-team');

    const denied = await editor.json<ApiErrorBody>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { object: ibNetwork('default', 'editor-elsewhere') },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: 'forbidden',
      verb: 'create',
      resource: 'sriovibnetworks.sriovnetwork.openshift.io',
      namespace: 'default',
    });
    expect(denied.body.error.message).toContain(
      'create sriovibnetworks.sriovnetwork.openshift.io in namespace default',
    );
  });

  it('lets the viewer read and never write', async () => {
    const viewer = await t.signIn('viewer');
    const detail = await viewer.json<{ name: string; resourceVersion: string; object: unknown }>(
      network.GET,
      '/api/networks/sriovibnetworks/ib-team/ib-team-net',
      { params: { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'ib-team-net' } },
    );
    expect(detail.status).toBe(200);
    expect(detail.body.name).toBe('ib-team-net');

    const create = await viewer.json<ApiErrorBody>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { object: ibNetwork('ib-team', 'viewer-made') },
    });
    expect(create.status).toBe(403);
    expect(create.body.error.verb).toBe('create');

    const edited = { ...(detail.body.object as object) } as ReturnType<typeof ibNetwork>;
    const update = await viewer.json<ApiErrorBody>(
      network.PUT,
      '/api/networks/sriovibnetworks/ib-team/ib-team-net',
      {
        method: 'PUT',
        params: { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'ib-team-net' },
        body: { object: { ...edited, spec: { ...edited.spec, linkState: 'enable' } } },
      },
    );
    expect(update.status).toBe(403);
    expect(update.body.error).toMatchObject({
      code: 'forbidden',
      verb: 'update',
      namespace: 'ib-team',
    });

    const remove = await viewer.json<ApiErrorBody>(
      network.DELETE,
      '/api/networks/sriovibnetworks/default/default-net',
      {
        method: 'DELETE',
        params: { plural: 'sriovibnetworks', namespace: 'default', name: 'default-net' },
      },
    );
    expect(remove.status).toBe(403);
  });

  it('previews a change with a server-side dry run that stores nothing', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.json<NetworkWriteResult>(dryRun.POST, '/api/networks/dry-run', {
      method: 'POST',
      body: { operation: 'create', object: ibNetwork('ib-team', 'only-previewed') },
    });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(JSON.parse(res.body.nad?.spec?.config ?? '{}').type).toBe('ib-sriov');
    const after = await admin.json<ApiErrorBody>(
      network.GET,
      '/api/networks/sriovibnetworks/ib-team/only-previewed',
      {
        params: { plural: 'sriovibnetworks', namespace: 'ib-team', name: 'only-previewed' },
      },
    );
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe('not-found');
  });

  it('refuses a network body that does not validate, with diagnostics', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.json<ApiErrorBody>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { object: ibNetwork('ib-team', 'bad-ns', { networkNamespace: 'elsewhere' }) },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid');
    expect(res.body.error.diagnostics?.length).toBeGreaterThan(0);

    // YAML from the editor: diagnostics point into the text the user typed.
    const yaml = [
      'apiVersion: sriovnetwork.openshift.io/v1',
      'kind: SriovIBNetwork',
      'metadata: {name: typo, namespace: ib-team}',
      'spec:',
      '  resourceName: ib_vfs',
      `  ipam: '{"type": "whereabouts", "range": "192.168.10.0/33"}'`,
    ].join('\n');
    const fromEditor = await admin.json<ApiErrorBody>(networks.POST, '/api/networks', {
      method: 'POST',
      body: { yaml },
    });
    expect(fromEditor.status).toBe(422);
    expect(
      fromEditor.body.error.diagnostics?.some((d) => d.severity === 'error' && d.line === 6),
    ).toBe(true);
  });
});
