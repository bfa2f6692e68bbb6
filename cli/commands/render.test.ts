import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';

const NETWORK = `apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ib-dual
  namespace: openshift-sriov-network-operator
spec:
  resourceName: mlnx_ib
  networkNamespace: ib-team
  ipam: |
    {"type": "whereabouts", "ipRanges": [{"range": "192.168.10.0/24"}, {"range": "2001:db8::/64"}]}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
`;

describe('ibnet render', () => {
  it('prints the NAD of each network in a folder and skips other kinds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ibnet-render-'));
    await writeFile(join(dir, 'net.yaml'), NETWORK);
    const { code, stdout } = await runCli(['render', '--resource-prefix', 'nvidia.com', dir]);
    expect(code).toBe(0);
    const docs = parseAllDocuments(stdout).map((d) => d.toJS());
    expect(docs).toHaveLength(1);
    expect(docs[0].metadata.namespace).toBe('ib-team');
    expect(docs[0].metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe(
      'nvidia.com/mlnx_ib',
    );
    expect(JSON.parse(docs[0].spec.config).ipam.ipRanges).toHaveLength(2);
  });

  it('exits 1 and explains broken embedded JSON read from stdin', async () => {
    const broken = NETWORK.replace('"ipRanges"', '"ipRanges":,');
    const { code, stdout, stderr } = await runCli(['render', '-'], broken);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/spec\.ipam is not valid JSON/);
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli(['render'])).code).toBe(2);
    expect((await runCli(['render', '--nope', 'x'])).code).toBe(2);
    const missing = await runCli(['render', '/no/such/file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
