import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validate } from '@/lib/diagnostics';
import { parseNetworksAnnotation } from '@/lib/annotations';
import { renderNad } from '@/lib/render';
import {
  bundleYaml,
  networkObject,
  networksAnnotation,
  policyObject,
  testPodName,
  testPodObject,
} from './objects';
import { DEFAULT_STATE, type WizardState } from './state';

const OPERATOR = 'openshift-sriov-network-operator';

const state: WizardState = {
  ...DEFAULT_STATE,
  policy: { ...DEFAULT_STATE.policy, pf: 'ibp59s0', numVfs: 8 },
  network: {
    ...DEFAULT_STATE.network,
    name: 'ib-storage',
    namespace: 'ib-team',
    resourceName: 'ib_vfs',
    ipam: '{"type":"whereabouts","ipRanges":[{"range":"192.168.10.0/24"},{"range":"2001:db8::/64"}]}',
    guid: true,
  },
};

const errorsOf = (text: string) =>
  validate(text, { operatorNamespace: OPERATOR }).filter((d) => d.severity === 'error');

describe('objects the wizard writes', () => {
  it('writes an InfiniBand policy the validator accepts', () => {
    const policy = policyObject(state.policy, OPERATOR);
    expect(policy.spec).toMatchObject({
      linkType: 'ib',
      isRdma: true,
      numVfs: 8,
      nicSelector: { vendor: '15b3', pfNames: ['ibp59s0'] },
      nodeSelector: { 'feature.node.kubernetes.io/network-sriov.capable': 'true' },
    });
    expect(errorsOf(bundleYaml([policy]))).toEqual([]);
    const one = policyObject({ ...state.policy, node: 'worker-2' }, OPERATOR);
    expect(one.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'worker-2' });
  });

  it('keeps the network in the operator namespace and points its NAD at the pods', () => {
    const network = networkObject(state.network, OPERATOR);
    expect(network.metadata.namespace).toBe(OPERATOR);
    expect(network.spec.networkNamespace).toBe('ib-team');
    expect(network.spec.capabilities).toBe('{"infinibandGUID": true}');
    expect(errorsOf(bundleYaml([network]))).toEqual([]);

    const rendered = renderNad(network);
    expect(rendered.ok).toBe(true);
    if (!rendered.ok) return;
    expect(rendered.nad.metadata.namespace).toBe('ib-team');
    const config = JSON.parse(rendered.nad.spec?.config ?? '{}') as Record<string, unknown>;
    expect(config).toMatchObject({
      type: 'ib-sriov',
      link_state: 'auto',
      capabilities: { infinibandGUID: true },
      ipam: { type: 'whereabouts' },
    });
  });

  it('leaves networkNamespace out when the network lives with its pods', () => {
    const network = networkObject({ ...state.network, home: 'pods' }, OPERATOR);
    expect(network.metadata.namespace).toBe('ib-team');
    expect(network.spec.networkNamespace).toBeUndefined();
    expect(errorsOf(bundleYaml([network]))).toEqual([]);
  });

  it('writes no ipam at all for "no IPAM", and readable JSON otherwise', () => {
    expect(networkObject({ ...state.network, ipam: null }, OPERATOR).spec.ipam).toBeUndefined();
    expect(networkObject(state.network, OPERATOR).spec.ipam).toContain('\n  "ipRanges"');
  });

  it('writes the short and the JSON form of the networks request', () => {
    expect(networksAnnotation(state.network, state.pod)).toBe('ib-storage');
    expect(networksAnnotation(state.network, { ...state.pod, interface: 'ib1' })).toBe(
      'ib-storage@ib1',
    );
    const json = networksAnnotation(state.network, {
      ...state.pod,
      form: 'json',
      interface: 'ib1',
      guid: '02:AA:00:00:00:00:00:01',
    });
    const parsed = parseNetworksAnnotation(json);
    expect(parsed.form).toBe('json');
    expect(parsed.problems).toEqual([]);
    expect(JSON.parse(json)).toEqual([
      { name: 'ib-storage', interface: 'ib1', 'infiniband-guid': '02:aa:00:00:00:00:00:01' },
    ]);
  });

  it('never asks for what the network cannot honour', () => {
    const json = networksAnnotation(
      { ...state.network, guid: false, ips: false },
      { ...state.pod, form: 'json', guid: '02:00:00:00:00:00:00:01', ips: '192.168.10.9/24' },
    );
    expect(JSON.parse(json)).toEqual([{ name: 'ib-storage' }]);
  });

  it('makes a test pod the validator matches to the network in the same bundle', () => {
    const pod = testPodObject(
      { network: state.network, pod: { ...state.pod, interface: 'ib1', node: 'worker-0' } },
      'openshift.io/ib_vfs',
      { name: 'ibnet-test-abcde', image: 'registry.example/tools:1' },
    );
    const text = bundleYaml([
      policyObject(state.policy, OPERATOR),
      networkObject(state.network, OPERATOR),
      pod,
    ]);
    const docs = parseAllDocuments(text);
    expect(Array.isArray(docs) ? docs.map((d) => d.toJS().kind) : []).toEqual([
      'SriovNetworkNodePolicy',
      'SriovIBNetwork',
      'Pod',
    ]);
    expect(errorsOf(text)).toEqual([]);
    expect(pod).toMatchObject({
      metadata: { namespace: 'ib-team', labels: { 'ibnet.io/test-pod': 'true' } },
      spec: {
        nodeSelector: { 'kubernetes.io/hostname': 'worker-0' },
        containers: [{ image: 'registry.example/tools:1' }],
      },
    });
  });

  it('flags addresses a whereabouts network would ignore', () => {
    const network = { ...state.network, ips: true };
    const pod = testPodObject(
      { network, pod: { ...state.pod, form: 'json', ips: '192.168.10.9/24' } },
      'openshift.io/ib_vfs',
    );
    const codes = validate(bundleYaml([networkObject(network, OPERATOR), pod]), {
      operatorNamespace: OPERATOR,
    }).map((d) => d.code);
    expect(codes).toContain('annotation/ips-ignored');
  });

  it('names test pods like the console does', () => {
    let i = 0;
    const name = testPodName(() => (i++ % 36) / 36);
    expect(name).toBe('ibnet-test-abcde');
  });
});
