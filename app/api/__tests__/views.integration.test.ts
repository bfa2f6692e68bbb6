import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestConsole, startTestConsole } from '@/app/_server/testing/harness';
import * as pods from '@/app/api/pods/route';
import * as pod from '@/app/api/pods/[namespace]/[name]/route';
import * as pools from '@/app/api/pools/route';
import * as release from '@/app/api/pools/[namespace]/[name]/release/route';
import * as overview from '@/app/api/overview/route';
import * as testPods from '@/app/api/pods/test/route';
import type {
  ApiErrorBody,
  ListResponse,
  OverviewView,
  PodDetail,
  PodPage,
  PoolView,
} from '@/lib/views/types';
import { ibNetwork, seedNetwork, seedPod } from './fixtures';

let t: TestConsole;

const status = (ip: string) =>
  JSON.stringify([
    {
      name: 'ib-team/ib1',
      interface: 'net1',
      ips: [ip],
      'device-info': { type: 'pci', pci: { 'pci-address': '0000:3b:00.2' } },
    },
  ]);

beforeAll(async () => {
  t = await startTestConsole();
  await seedNetwork(t.cluster, ibNetwork('ib-team', 'ib1'));
  await seedPod(t.cluster, 'ib-team', 'attached', {
    'k8s.v1.cni.cncf.io/networks': 'ib1',
    'k8s.v1.cni.cncf.io/network-status': status('192.168.10.1'),
  });
  await seedPod(t.cluster, 'ib-team', 'lost', { 'k8s.v1.cni.cncf.io/networks': 'ib-team/nowhere' });
  await t.cluster.store.create(
    {
      apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
      kind: 'IPPool',
      metadata: { name: '192.168.10.0-24', namespace: 'kube-system' },
      spec: {
        range: '192.168.10.0/24',
        allocations: {
          '1': { id: 'c-attached', podref: 'ib-team/attached', ifname: 'net1' },
          '2': { id: 'c-gone', podref: 'ib-team/deleted-long-ago', ifname: 'net1' },
        },
      },
    } as never,
    { fieldManager: 'test' },
  );
});

afterAll(async () => {
  await t?.stop();
});

describe('derived views over the live caches', () => {
  it('pages and filters pods on the server', async () => {
    const viewer = await t.signIn('viewer');
    const page = await viewer.json<PodPage>(pods.GET, '/api/pods?namespace=ib-team&limit=1');
    expect(page.body.total).toBe(2);
    expect(page.body.items.map((p) => p.name)).toEqual(['attached']);
    const next = await viewer.json<PodPage>(
      pods.GET,
      `/api/pods?namespace=ib-team&limit=1&cursor=${page.body.nextCursor ?? ''}`,
    );
    expect(next.body.items.map((p) => p.name)).toEqual(['lost']);
    const problems = await viewer.json<PodPage>(pods.GET, '/api/pods?status=problem');
    expect(problems.body.items.map((p) => p.name)).toEqual(['lost']);
    const bad = await viewer.json<ApiErrorBody>(pods.GET, '/api/pods?limit=100000');
    expect(bad.status).toBe(400);
  });

  it('diagnoses a pod: attached with MTU unknown, and a network missing in the namespace', async () => {
    const viewer = await t.signIn('viewer');
    const ok = await viewer.json<PodDetail>(pod.GET, '/api/pods/ib-team/attached', {
      params: { namespace: 'ib-team', name: 'attached' },
    });
    expect(ok.body.interfaces[0]?.attached).toMatchObject({
      ips: ['192.168.10.1'],
      mtu: 'unknown',
      pciAddress: '0000:3b:00.2',
    });
    const lost = await viewer.json<PodDetail>(pod.GET, '/api/pods/ib-team/lost', {
      params: { namespace: 'ib-team', name: 'lost' },
    });
    expect(lost.body.interfaces[0]?.diagnoses.map((d) => d.code)).toContain('nad-missing');
  });

  it('shows pool usage with the stale allocation, and releases it only while it is stale', async () => {
    const admin = await t.signIn('admin');
    const list = await admin.json<ListResponse<PoolView>>(pools.GET, '/api/pools');
    const view = list.body.items.find((p) => p.name === '192.168.10.0-24');
    expect(view).toMatchObject({
      used: 2,
      stale: 1,
      size: '254',
      networks: [{ kind: 'SriovIBNetwork', name: 'ib1' }],
    });
    expect(view?.allocations.find((a) => a.offset === '2')).toMatchObject({
      stale: true,
      staleReason: 'pod-gone',
    });
    const params = { namespace: 'kube-system', name: '192.168.10.0-24' };
    const path = '/api/pools/kube-system/192.168.10.0-24/release';

    const inUse = await admin.json<ApiErrorBody>(release.POST, path, {
      method: 'POST',
      params,
      body: { offset: '1', resourceVersion: view?.resourceVersion },
    });
    expect(inUse.status).toBe(409);

    const stale = await admin.json<ApiErrorBody>(release.POST, path, {
      method: 'POST',
      params,
      body: { offset: '2', resourceVersion: '1' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');

    const done = await admin.json<PoolView>(release.POST, path, {
      method: 'POST',
      params,
      body: { offset: '2', resourceVersion: view?.resourceVersion },
    });
    expect(done.status).toBe(200);
    expect(done.body.allocations.map((a) => a.offset)).toEqual(['1']);
    expect(done.body.stale).toBe(0);

    const viewer = await t.signIn('viewer');
    const denied = await viewer.json<ApiErrorBody>(release.POST, path, {
      method: 'POST',
      params,
      body: { offset: '1', resourceVersion: done.body.resourceVersion },
    });
    expect([403, 409]).toContain(denied.status);
  });

  it('summarizes health with links to where problems are fixed', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.json<OverviewView>(overview.GET, '/api/overview');
    expect(res.body.counts.networks).toBe(1);
    expect(res.body.counts.podsWithProblems).toBe(1);
    const lost = res.body.problems.find((p) => p.object?.name === 'lost');
    expect(lost?.href).toBe('/pods/ib-team/lost');
  });
});

describe('with the simulated fabric (scheduler, kubelet, Multus) and no SR-IOV policy yet', () => {
  it('diagnoses a test pod that no node can take: no free VF', async () => {
    const withFabric = await startTestConsole({}, {}, {});
    try {
      await seedNetwork(withFabric.cluster, ibNetwork('ib-team', 'ib1'));
      const editor = await withFabric.signIn('editor');
      const created = await editor.json<PodDetail>(testPods.POST, '/api/pods/test', {
        method: 'POST',
        body: {
          namespace: 'ib-team',
          name: 'probe',
          networks: 'ib1',
          resources: { 'openshift.io/ib_vfs': 1 },
        },
      });
      expect(created.status).toBe(200);
      const params = { namespace: 'ib-team', name: 'probe' };
      let detail: PodDetail | undefined;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        detail = (await editor.json<PodDetail>(pod.GET, '/api/pods/ib-team/probe', { params }))
          .body;
        if (detail.events.some((e) => e.reason === 'FailedScheduling')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const diagnosis = detail?.interfaces[0]?.diagnoses.find((d) => d.code === 'no-free-vf');
      expect(diagnosis?.detail).toContain('No node advertises openshift.io/ib_vfs');
      expect(diagnosis?.action).toContain('resourceName ib_vfs');
      expect(detail?.state).toBe('problem');
      const list = await editor.json<PodPage>(
        pods.GET,
        '/api/pods?namespace=ib-team&status=problem',
      );
      expect(list.body.items.map((p) => p.name)).toEqual(['probe']);
    } finally {
      await withFabric.stop();
    }
  }, 60_000);
});
