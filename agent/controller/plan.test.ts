import { describe, expect, it } from 'vitest';
import {
  LAST_NETWORK_NAMESPACE_ANNOTATION,
  NAD_FINALIZER,
  type NetworkAttachmentDefinition,
  OWNER_REF_ANNOTATION,
  type SriovIBNetwork,
} from '../../lib/model';
import { renderNad } from '../../lib/render';
import { type PlanContext, planNetwork, planWrites } from './plan';

const OPERATOR_NS = 'openshift-sriov-network-operator';

function network(
  overrides: Partial<SriovIBNetwork['spec']> = {},
  meta: Partial<SriovIBNetwork['metadata']> = {},
): SriovIBNetwork {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovIBNetwork',
    metadata: {
      name: 'ib-a',
      namespace: OPERATOR_NS,
      generation: 1,
      resourceVersion: '10',
      ...meta,
    },
    spec: {
      resourceName: 'mlnx_ib',
      networkNamespace: 'team-a',
      ipam: '{"type": "whereabouts", "range": "192.168.10.0/24"}',
      ...overrides,
    },
  };
}

function context(
  nads: NetworkAttachmentDefinition[] = [],
  namespaces = ['team-a', 'team-b', OPERATOR_NS],
): PlanContext {
  return {
    operatorNamespace: OPERATOR_NS,
    resourcePrefix: 'openshift.io',
    nad: (ns, name) => nads.find((n) => n.metadata.namespace === ns && n.metadata.name === name),
    namespace: (name) => (namespaces.includes(name) ? 'Active' : undefined),
  };
}

function rendered(n: SriovIBNetwork): NetworkAttachmentDefinition {
  const r = renderNad(n);
  if (!r.ok) throw new Error('does not render');
  return { ...r.nad, metadata: { ...r.nad.metadata, resourceVersion: '5' } };
}

const settled = (n: SriovIBNetwork, ns = n.spec.networkNamespace ?? '') =>
  network(n.spec, {
    ...n.metadata,
    finalizers: [NAD_FINALIZER],
    annotations: { [LAST_NETWORK_NAMESPACE_ANNOTATION]: ns },
  });

describe('planNetwork', () => {
  it('adds the finalizer and the last namespace before creating the NAD, then says Ready', () => {
    const plan = planNetwork(network(), context());
    expect(plan.metadata).toEqual({ finalizers: [NAD_FINALIZER], lastNetworkNamespace: 'team-a' });
    expect(plan.nad?.verb).toBe('create');
    expect(plan.nad?.nad).toEqual(
      renderNad(network()).ok && (renderNad(network()) as { nad: unknown }).nad,
    );
    expect(plan.ready).toEqual({
      status: 'True',
      reason: 'NetworkReady',
      message: 'NetworkAttachmentDefinition team-a/ib-a is up to date',
    });
  });

  it('plans no write at all when everything is in place', () => {
    const n = settled(network());
    const plan = planNetwork(n, context([rendered(n)]));
    expect(planWrites(plan)).toBe(false);
    expect(plan.ready?.status).toBe('True');
  });

  it('updates the NAD when the ipam changed, keeping annotations others added', () => {
    const n = settled(network());
    const old = rendered(n);
    old.metadata.annotations = { ...old.metadata.annotations, 'example.com/note': 'keep me' };
    const changed = settled(network({ ipam: '{"type": "whereabouts", "range": "10.0.0.0/24"}' }));
    const plan = planNetwork(changed, context([old]));
    expect(plan.metadata).toBeUndefined();
    expect(plan.nad?.verb).toBe('replace');
    expect(plan.nad?.nad.spec?.config).toContain('10.0.0.0/24');
    expect(plan.nad?.nad.metadata.annotations?.['example.com/note']).toBe('keep me');
    expect(plan.nad?.nad.metadata.resourceVersion).toBe('5');
  });

  it('adopts a NAD that has no owner-ref', () => {
    const n = settled(network());
    const unowned = rendered(n);
    unowned.metadata.annotations = { 'k8s.v1.cni.cncf.io/resourceName': 'openshift.io/mlnx_ib' };
    const plan = planNetwork(n, context([unowned]));
    expect(plan.nad).toMatchObject({ verb: 'replace', adopt: true });
    expect(plan.nad?.nad.metadata.annotations?.[OWNER_REF_ANNOTATION]).toBe(
      `SriovIBNetwork.sriovnetwork.openshift.io/${OPERATOR_NS}/ib-a`,
    );
  });

  it('refuses a NAD owned by something else, naming the owner, and leaves it alone', () => {
    const n = settled(network());
    const foreign = rendered(n);
    const owner = 'SriovNetwork.sriovnetwork.openshift.io/other/ib-a';
    foreign.metadata.annotations = {
      ...foreign.metadata.annotations,
      [OWNER_REF_ANNOTATION]: owner,
    };
    const plan = planNetwork(n, context([foreign]));
    expect(plan.nad).toBeUndefined();
    expect(plan.ready).toMatchObject({
      status: 'False',
      reason: 'NetworkAttachmentDefinitionInvalid',
    });
    expect(plan.ready?.message).toContain(owner);
  });

  it('deletes the NAD left in the previous namespace when networkNamespace moves', () => {
    const before = settled(network());
    const old = rendered(before);
    const moved = settled(network({ networkNamespace: 'team-b' }), 'team-a');
    const plan = planNetwork(moved, context([old]));
    expect(plan.deletes).toEqual([old]);
    expect(plan.metadata).toEqual({ finalizers: [NAD_FINALIZER], lastNetworkNamespace: 'team-b' });
    expect(plan.nad?.verb).toBe('create');
    expect(plan.nad?.nad.metadata.namespace).toBe('team-b');
  });

  it('does not delete a NAD in the previous namespace that is not ours', () => {
    const moved = settled(network({ networkNamespace: 'team-b' }), 'team-a');
    const other = rendered(settled(network()));
    other.metadata.annotations = {
      [OWNER_REF_ANNOTATION]: 'SriovIBNetwork.sriovnetwork.openshift.io/x/y',
    };
    expect(planNetwork(moved, context([other])).deletes).toEqual([]);
  });

  it('reports NamespaceNotFound with what to do, and writes no NAD', () => {
    const plan = planNetwork(network({ networkNamespace: 'missing' }), context());
    expect(plan.nad).toBeUndefined();
    expect(plan.metadata).toBeUndefined();
    expect(plan.ready).toMatchObject({ status: 'False', reason: 'NamespaceNotFound' });
    expect(plan.ready?.message).toContain('kubectl create namespace missing');
  });

  it('treats a terminating namespace as not there', () => {
    const ctx = { ...context(), namespace: () => 'Terminating' as const };
    expect(planNetwork(network(), ctx).ready?.message).toContain('is being deleted');
  });

  it('refuses broken ipam with the parse error and writes nothing', () => {
    const plan = planNetwork(network({ ipam: '{"type": "whereabouts", "range": }' }), context());
    expect(plan).toEqual({
      deletes: [],
      ready: {
        status: 'False',
        reason: 'NetworkAttachmentDefinitionInvalid',
        message: expect.stringMatching(
          /^no NetworkAttachmentDefinition written: spec\.ipam is not valid JSON \(.+\)/,
        ),
      },
    });
  });

  it('refuses networkNamespace outside the operator namespace, as the upstream webhook would', () => {
    const n = network({ networkNamespace: 'team-b' }, { namespace: 'team-a' });
    const plan = planNetwork(n, context());
    expect(planWrites(plan)).toBe(false);
    expect(plan.ready).toMatchObject({ status: 'False', reason: 'NetworkNamespaceNotAllowed' });
    expect(plan.ready?.message).toContain(OPERATOR_NS);
    // Without networkNamespace the same network is fine, its NAD going to its own namespace.
    const own = network({ networkNamespace: undefined }, { namespace: 'team-a' });
    expect(planNetwork(own, context()).nad?.nad.metadata.namespace).toBe('team-a');
  });

  it('on deletion deletes our NADs (target and last namespace), then releases the finalizer', () => {
    const n = settled(network({ networkNamespace: 'team-b' }), 'team-a');
    n.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    n.metadata.finalizers = ['example.com/keep', NAD_FINALIZER];
    const inA = rendered(settled(network()));
    const inB = rendered(n);
    const plan = planNetwork(n, context([inA, inB]));
    expect(plan.deletes).toEqual([inB, inA]);
    expect(plan.metadata).toEqual({ finalizers: ['example.com/keep'] });
    expect(plan.ready).toBeUndefined();
  });

  it('on deletion leaves a NAD owned by something else', () => {
    const n = settled(network());
    n.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    const foreign = rendered(n);
    foreign.metadata.annotations = {
      [OWNER_REF_ANNOTATION]: 'SriovNetwork.sriovnetwork.openshift.io/x/y',
    };
    const plan = planNetwork(n, context([foreign]));
    expect(plan.deletes).toEqual([]);
    expect(plan.metadata).toEqual({ finalizers: [] });
  });

  it('on deletion without our finalizer does nothing', () => {
    const n = network({}, { deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['x'] });
    expect(planNetwork(n, context([rendered(n)]))).toEqual({ deletes: [] });
  });
});
