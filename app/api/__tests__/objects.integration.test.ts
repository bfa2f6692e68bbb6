import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestConsole, startTestConsole } from '@/app/_server/testing/harness';
import * as policies from '@/app/api/policies/route';
import * as policy from '@/app/api/policies/[namespace]/[name]/route';
import * as openshift from '@/app/api/openshift/network/route';
import * as additional from '@/app/api/openshift/network/additional-networks/route';
import * as additionalOne from '@/app/api/openshift/network/additional-networks/[namespace]/[name]/route';
import * as namespaces from '@/app/api/namespaces/route';
import * as nodes from '@/app/api/nodes/route';
import * as fabric from '@/app/api/fabric/route';
import * as nodestates from '@/app/api/nodestates/route';
import * as events from '@/app/api/events/route';
import * as session from '@/app/api/session/route';
import { callRoute } from '@/app/_server/testing/harness';
import type { OpenShiftNetwork, SriovNetworkNodePolicy } from '@/lib/model';
import type { ApiErrorBody, FabricView, ListResponse, PolicyRow } from '@/lib/views/types';

const OPERATOR = 'openshift-sriov-network-operator';
let t: TestConsole;

function ibPolicy(name: string): SriovNetworkNodePolicy {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovNetworkNodePolicy',
    metadata: { name, namespace: OPERATOR },
    spec: {
      resourceName: 'ib_vfs',
      nodeSelector: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
      numVfs: 8,
      nicSelector: { vendor: '15b3', pfNames: ['ibp59s0'] },
      linkType: 'ib',
      isRdma: true,
    },
  };
}

beforeAll(async () => {
  t = await startTestConsole();
  await t.cluster.store.create(
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'console-test-node',
        labels: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
      },
    } as never,
    { fieldManager: 'test' },
  );
  await t.cluster.store.create(
    {
      apiVersion: 'operator.openshift.io/v1',
      kind: 'Network',
      metadata: { name: 'cluster' },
      spec: { additionalNetworks: [] },
    } as never,
    { fieldManager: 'test' },
  );
});

afterAll(async () => {
  await t?.stop();
});

describe('policies and the OpenShift network config', () => {
  it('creates and updates policies in the operator namespace only, as RBAC allows', async () => {
    const admin = await t.signIn('admin');
    const created = await admin.json<PolicyRow>(policies.POST, '/api/policies', {
      method: 'POST',
      body: { object: ibPolicy('ib-policy') },
    });
    expect(created.status).toBe(200);
    expect(created.body.nodes).toContain('console-test-node');

    const elsewhere = await admin.json<ApiErrorBody>(policies.POST, '/api/policies', {
      method: 'POST',
      body: { object: { ...ibPolicy('p2'), metadata: { name: 'p2', namespace: 'ib-team' } } },
    });
    expect(elsewhere.status).toBe(400);

    const params = { namespace: OPERATOR, name: 'ib-policy' };
    const path = `/api/policies/${OPERATOR}/ib-policy`;
    const current = (await admin.json<PolicyRow>(policy.GET, path, { params })).body.object;
    const updated = await admin.json<PolicyRow>(policy.PUT, path, {
      method: 'PUT',
      params,
      body: { object: { ...current, spec: { ...current.spec, numVfs: 16 } } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.numVfs).toBe(16);
    const stale = await admin.json<ApiErrorBody>(policy.PUT, path, {
      method: 'PUT',
      params,
      body: { object: current },
    });
    expect(stale.status).toBe(409);
    expect((stale.body.error.current as SriovNetworkNodePolicy).spec.numVfs).toBe(16);

    const editor = await t.signIn('editor');
    const denied = await editor.json<ApiErrorBody>(policies.POST, '/api/policies', {
      method: 'POST',
      body: { object: ibPolicy('by-editor') },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ verb: 'create', namespace: OPERATOR });
    const list = await editor.json<ListResponse<PolicyRow>>(policies.GET, '/api/policies');
    expect(list.body.items).toEqual([]);
  });

  it('adds and removes an additional network of networks.operator.openshift.io/cluster', async () => {
    const admin = await t.signIn('admin');
    const network = {
      name: 'dhcp-shim',
      namespace: 'default',
      type: 'Raw',
      rawCNIConfig:
        '{"name": "dhcp-shim", "cniVersion": "0.3.1", "type": "bridge", "ipam": {"type": "dhcp"}}',
    };
    const added = await admin.json<OpenShiftNetwork>(
      additional.POST,
      '/api/openshift/network/additional-networks',
      { method: 'POST', body: { network } },
    );
    expect(added.status).toBe(200);
    expect(added.body.spec.additionalNetworks?.map((n) => n.name)).toEqual(['dhcp-shim']);
    const twice = await admin.json<ApiErrorBody>(
      additional.POST,
      '/api/openshift/network/additional-networks',
      { method: 'POST', body: { network } },
    );
    expect(twice.status).toBe(409);

    const viewer = await t.signIn('viewer');
    const read = await viewer.json<OpenShiftNetwork>(openshift.GET, '/api/openshift/network');
    expect(read.status).toBe(200);
    const denied = await viewer.json<ApiErrorBody>(
      additionalOne.DELETE,
      '/api/openshift/network/additional-networks/default/dhcp-shim',
      {
        method: 'DELETE',
        params: { namespace: 'default', name: 'dhcp-shim' },
      },
    );
    expect(denied.status).toBe(403);

    const removed = await admin.json<OpenShiftNetwork>(
      additionalOne.DELETE,
      '/api/openshift/network/additional-networks/default/dhcp-shim',
      {
        method: 'DELETE',
        params: { namespace: 'default', name: 'dhcp-shim' },
      },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.spec.additionalNetworks).toEqual([]);
  });

  it('serves the read-only lists as RBAC allows', async () => {
    const viewer = await t.signIn('viewer');
    expect(
      (await viewer.json<ListResponse<string>>(namespaces.GET, '/api/namespaces')).body.items,
    ).toContain('ib-team');
    // The `view` role does not cover nodes (cluster-scoped): the viewer sees none, the admin all.
    expect(
      (await viewer.json<ListResponse<{ name: string }>>(nodes.GET, '/api/nodes')).body.items,
    ).toEqual([]);
    const admin = await t.signIn('admin');
    expect(
      (await admin.json<ListResponse<{ name: string }>>(nodes.GET, '/api/nodes')).body.items.map(
        (n) => n.name,
      ),
    ).toContain('console-test-node');
    expect(
      (await admin.json<FabricView>(fabric.GET, '/api/fabric')).body.nodes.map((n) => n.name),
    ).toContain('console-test-node');
    expect(
      (await viewer.json<ListResponse<unknown>>(nodestates.GET, '/api/nodestates')).status,
    ).toBe(200);
    expect(
      (await viewer.json<ListResponse<unknown>>(events.GET, '/api/events?namespace=ib-team'))
        .status,
    ).toBe(200);
    const editor = await t.signIn('editor');
    expect(
      (await editor.json<ListResponse<string>>(namespaces.GET, '/api/namespaces')).body.items,
    ).toEqual(['ib-team']);
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await callRoute(session.POST, '/api/session', {
        method: 'POST',
        body: { method: 'token', token: `guess-${i}` },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
