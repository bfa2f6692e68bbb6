import { describe, expect, it } from 'vitest';
import { ibNetwork, nad } from './fixtures/cases';
import { knownNetworkFrom } from './known-networks';
import { validate } from './validate';

const deployment = (annotation: string, namespace = 'tenant') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
  namespace: ${namespace}
spec:
  template:
    metadata:
      annotations:
        k8s.v1.cni.cncf.io/networks: ${annotation}
    spec:
      containers: []`;

const cronJob = (annotation: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: tenant
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            k8s.v1.cni.cncf.io/networks: ${annotation}
        spec:
          containers: []`;

const codes = (text: string, options?: Parameters<typeof validate>[1]) =>
  validate(text, options).map((d) => d.code);

describe('the networks annotation on pod templates', () => {
  it('is checked in Deployments and CronJobs, at the right line', () => {
    const d = validate(deployment('IB1')).find((x) => x.code === 'annotation/name');
    expect(d).toMatchObject({ line: 10, column: 38, endColumn: 41 });
    expect(codes(cronJob('\'[{"name": "ib1", "ips": ["10.0.0.1/40"]}]\''))).toContain(
      'annotation/ips',
    );
  });

  it('must be a string: a YAML list there gets a fix that writes it as JSON text', () => {
    const text = deployment('\n          - name: ib1');
    const d = validate(text).find((x) => x.code === 'annotation/type');
    expect(d?.fixes?.[0]?.edits[0]?.newText).toBe(`'[{"name":"ib1"}]'`);
  });
});

describe('cross-checks against networks from the cluster', () => {
  const cluster = [
    knownNetworkFrom({
      apiVersion: 'sriovnetwork.openshift.io/v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'ib1', namespace: 'openshift-sriov-network-operator' },
      spec: {
        resourceName: 'mlnx_ib',
        networkNamespace: 'tenant',
        ipam: '{"type": "static"}',
        capabilities: '{"infinibandGUID": true}',
      },
    }),
    knownNetworkFrom({
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'ib2', namespace: 'lab' },
      spec: {
        config:
          '{"cniVersion": "1.0.0", "name": "ib2", "plugins": [{"type": "ib-sriov", "capabilities": {"ips": true}, "ipam": {"type": "whereabouts"}}]}',
      },
    }),
  ].filter((n) => n !== undefined);

  it('reads what the checks need from SR-IOV networks and NADs', () => {
    expect(cluster).toEqual([
      {
        name: 'ib1',
        namespace: 'tenant',
        kind: 'SriovIBNetwork',
        cniType: 'ib-sriov',
        capabilities: { infinibandGUID: true },
        ipamType: 'static',
      },
      {
        name: 'ib2',
        namespace: 'lab',
        kind: 'NetworkAttachmentDefinition',
        cniType: 'ib-sriov',
        capabilities: { ips: true },
        ipamType: 'whereabouts',
      },
    ]);
    expect(knownNetworkFrom({ kind: 'ConfigMap', metadata: { name: 'x' } })).toBeUndefined();
  });

  it('flags dropped ips, pods in the wrong namespace and unknown networks', () => {
    const options = { knownNetworks: cluster };
    expect(codes(deployment(`'[{"name": "ib1", "ips": ["192.168.1.5/24"]}]'`), options)).toContain(
      'annotation/capability-missing',
    );
    expect(
      codes(
        deployment(`'[{"name": "ib1", "infiniband-guid": "02:00:00:00:00:00:00:05"}]'`),
        options,
      ),
    ).not.toContain('annotation/capability-missing');
    expect(codes(deployment('ib2'), options)).toContain('annotation/namespace-mismatch');
    expect(codes(deployment('lab/ib2'), options)).not.toContain('annotation/namespace-mismatch');
    expect(codes(deployment('ib3'), options)).toContain('annotation/unknown-network');
    expect(codes(deployment('ib3'))).not.toContain('annotation/unknown-network');
  });

  it('offers to add the capability to a network in the same text, NAD or SriovIBNetwork', () => {
    const pod = deployment(`'[{"name": "ib1", "ips": ["192.168.1.5/24"]}]'`);
    const static_ = `  ipam: '{"type": "static", "addresses": [{"address": "192.168.1.4/24"}]}'`;
    for (const network of [
      ibNetwork(static_),
      nad('{"cniVersion": "1.0.0", "name": "ib1", "type": "ib-sriov", "ipam": {"type": "static"}}'),
    ]) {
      const text = `${network}\n---\n${pod}`;
      const fix = validate(text).find((d) => d.code === 'annotation/capability-missing')
        ?.fixes?.[0];
      expect(fix?.title).toBe('Add the ips capability to ib1');
    }
  });
});
