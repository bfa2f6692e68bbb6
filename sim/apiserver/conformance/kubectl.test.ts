import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../../index';
import { eventually, isolatedEnv, Kubectl } from './harness';

let cluster: Cluster;
let k: Kubectl;

beforeAll(async () => {
  cluster = await startCluster({ fabric: false });
  k = await Kubectl.forCluster(cluster);
});

afterAll(async () => {
  await cluster?.stop();
  await k?.dispose();
});

const network = (name: string, extra = '') => `apiVersion: sriovnetwork.openshift.io/v1
kind: SriovIBNetwork
metadata:
  name: ${name}
  namespace: ib-team
spec:
  resourceName: mlnx_ib
  linkState: enable
  ipam: '{"type":"whereabouts","range":"192.168.10.0/24"}'
${extra}`;

describe('kubectl against the emulator', () => {
  it('reports server version 1.32, so the dispatcher runs kubectl 1.32', async () => {
    const out = await k.ok(['version', '-o', 'json']);
    const v = JSON.parse(out) as { serverVersion: { major: string; minor: string } };
    expect(v.serverVersion).toMatchObject({ major: '1', minor: '32' });
  });

  it('lists api-resources with short names, including net-attach-def', async () => {
    const out = await k.ok(['api-resources']);
    expect(out).toMatch(
      /network-attachment-definitions\s+net-attach-def\s+k8s\.cni\.cncf\.io\/v1\s+true\s+NetworkAttachmentDefinition/,
    );
    expect(out).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
    expect(out).toMatch(
      /sriovibnetworks\s+sriovnetwork\.openshift\.io\/v1\s+true\s+SriovIBNetwork/,
    );
    const nad = await k.ok(['get', 'net-attach-def', '-A']);
    expect(nad).toBe('');
  });

  it('applies client-side, reports unchanged on re-apply, and prints printer columns', async () => {
    const path = await k.file('ib1.yaml', network('ib1'));
    expect(await k.ok(['apply', '-f', path])).toContain(
      'sriovibnetwork.sriovnetwork.openshift.io/ib1 created',
    );
    expect(await k.ok(['apply', '-f', path])).toContain(
      'sriovibnetwork.sriovnetwork.openshift.io/ib1 unchanged',
    );

    const table = await k.ok(['get', 'sriovibnetworks', '-n', 'ib-team']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+RESOURCE\s+TARGET\s+READY\s+REASON\s+AGE$/);
    expect(table).toMatch(/ib1\s+mlnx_ib\s+\d+s/);

    // The Ready column evaluates a JSONPath filter over status.conditions.
    await cluster.store.patch(
      'sriovibnetworks.sriovnetwork.openshift.io',
      'ib1',
      { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'NetworkReady' }] } },
      { namespace: 'ib-team', type: 'merge', subresource: 'status' },
    );
    const ready = await k.ok(['get', 'sriovibnetworks', '-A']);
    expect(ready).toMatch(/ib-team\s+ib1\s+mlnx_ib\s+True\s+NetworkReady\s+\d+s/);

    const changed = await k.file(
      'ib1b.yaml',
      network('ib1').replace('linkState: enable', 'linkState: auto'),
    );
    expect(await k.ok(['apply', '-f', changed])).toContain('ib1 configured');
    expect(
      await k.ok([
        'get',
        'sriovibnetwork',
        'ib1',
        '-n',
        'ib-team',
        '-o',
        'jsonpath={.spec.linkState} {.metadata.generation}',
      ]),
    ).toBe('auto 2');
  });

  it('applies server-side, re-applies unchanged, and reports conflicts with another manager', async () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata: {name: ssa, namespace: ib-team}
data: {mode: fast}
`;
    const path = await k.file('ssa.yaml', cm);
    expect(await k.ok(['apply', '--server-side', '-f', path])).toContain(
      'configmap/ssa serverside-applied',
    );
    const rv1 = await k.ok([
      'get',
      'cm',
      'ssa',
      '-n',
      'ib-team',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    ]);
    await k.ok(['apply', '--server-side', '-f', path]);
    const rv2 = await k.ok([
      'get',
      'cm',
      'ssa',
      '-n',
      'ib-team',
      '-o',
      'jsonpath={.metadata.resourceVersion}',
    ]);
    expect(rv2).toBe(rv1);

    const other = await k.file('ssa2.yaml', cm.replace('fast', 'slow'));
    const conflict = await k.run([
      'apply',
      '--server-side',
      '--field-manager=console',
      '-f',
      other,
    ]);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .data.mode',
    );
    await k.ok([
      'apply',
      '--server-side',
      '--field-manager=console',
      '--force-conflicts',
      '-f',
      other,
    ]);
    const managed = JSON.parse(
      await k.ok(['get', 'cm', 'ssa', '-n', 'ib-team', '-o', 'json', '--show-managed-fields']),
    ) as { data: { mode: string }; metadata: { managedFields: { manager: string }[] } };
    expect(managed.data.mode).toBe('slow');
    expect(managed.metadata.managedFields.map((m) => m.manager)).toEqual(['console']);
  });

  it('rejects replace with a stale resourceVersion as Conflict', async () => {
    await k.ok(['create', 'configmap', 'stale', '-n', 'ib-team', '--from-literal=a=1']);
    const live = await k.ok(['get', 'cm', 'stale', '-n', 'ib-team', '-o', 'yaml']);
    await k.ok(['label', 'cm', 'stale', '-n', 'ib-team', 'touched=yes']);
    const r = await k.run(['replace', '-f', '-'], { input: live });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Conflict)');
    expect(r.stderr).toContain(
      'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('patches with merge, JSON and strategic merge patches', async () => {
    await k.ok(['create', 'configmap', 'p', '-n', 'ib-team', '--from-literal=a=1']);
    await k.ok([
      'patch',
      'cm',
      'p',
      '-n',
      'ib-team',
      '--type',
      'merge',
      '-p',
      '{"data":{"b":"2"}}',
    ]);
    await k.ok([
      'patch',
      'cm',
      'p',
      '-n',
      'ib-team',
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/data/a"}]',
    ]);
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ib-team}
spec:
  containers:
  - name: app
    image: nginx:1.27
    env: [{name: A, value: "1"}]
  - name: side
    image: busybox:1.36
`;
    await k.ok(['apply', '-f', '-'], { input: pod });
    await k.ok([
      'patch',
      'pod',
      'web',
      '-n',
      'ib-team',
      '-p',
      '{"spec":{"containers":[{"name":"app","image":"nginx:1.28","env":[{"name":"B","value":"2"}]}]}}',
    ]);
    const out = JSON.parse(await k.ok(['get', 'pod', 'web', '-n', 'ib-team', '-o', 'json'])) as {
      spec: { containers: { name: string; image: string; env?: { name: string }[] }[] };
    };
    expect(out.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'app=nginx:1.28',
      'side=busybox:1.36',
    ]);
    expect(out.spec.containers[0]?.env?.map((e) => e.name)).toEqual(['A', 'B']);
    expect(await k.ok(['get', 'cm', 'p', '-n', 'ib-team', '-o', 'jsonpath={.data}'])).toBe(
      '{"b":"2"}',
    );

    const failed = await k.run([
      'patch',
      'sriovibnetwork',
      'ib1',
      '-n',
      'ib-team',
      '-p',
      '{"spec":{"linkState":"auto"}}',
    ]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('application/strategic-merge-patch+json is not supported');
  });

  it('waits on delete until the last finalizer is removed', async () => {
    await k.ok(['apply', '-f', '-'], {
      input: network('held', '').replace(
        'metadata:\n',
        'metadata:\n  finalizers: [example.com/hold]\n',
      ),
    });
    const deleting = k.run(['delete', 'sriovibnetwork', 'held', '-n', 'ib-team', '--timeout=20s']);
    const marked = await eventually(async () => {
      const r = await k.run([
        'get',
        'sriovibnetwork',
        'held',
        '-n',
        'ib-team',
        '-o',
        'jsonpath={.metadata.deletionTimestamp}',
      ]);
      return r.stdout !== '' ? r.stdout : undefined;
    });
    expect(marked).toMatch(/Z$/);
    let settled = false;
    void deleting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await k.ok([
      'patch',
      'sriovibnetwork',
      'held',
      '-n',
      'ib-team',
      '--type',
      'json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    const done = await deleting;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('"held" deleted');
    expect((await k.run(['get', 'sriovibnetwork', 'held', '-n', 'ib-team'])).stderr).toContain(
      'NotFound',
    );
  });

  it('selects by labels and fields', async () => {
    for (const [name, tier] of [
      ['l1', 'db'],
      ['l2', 'web'],
      ['l3', 'cache'],
    ] as const) {
      await k.ok(['create', 'configmap', name, '-n', 'ib-team']);
      await k.ok(['label', 'cm', name, '-n', 'ib-team', `tier=${tier}`, 'sel=yes']);
    }
    const names = async (args: string[]) =>
      (await k.ok(['get', 'cm', '-n', 'ib-team', '-o', 'name', ...args]))
        .trim()
        .split('\n')
        .filter(Boolean);
    expect(await names(['-l', 'tier=db'])).toEqual(['configmap/l1']);
    expect(await names(['-l', 'sel=yes,tier!=db'])).toEqual(['configmap/l2', 'configmap/l3']);
    expect(await names(['-l', 'tier in (web,cache)'])).toEqual(['configmap/l2', 'configmap/l3']);
    expect(await names(['-l', 'sel,tier notin (web)'])).toEqual(['configmap/l1', 'configmap/l3']);
    expect(await names(['-l', '!sel', '--field-selector', 'metadata.name=p'])).toEqual([
      'configmap/p',
    ]);
    const bad = await k.run(['get', 'cm', '-n', 'ib-team', '--field-selector', 'data.x=1']);
    expect(bad.stderr).toContain('field label not supported: data.x');
  });

  it('streams changes with get -w', async () => {
    const child = spawn(
      'kubectl',
      [
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--cache-dir',
        join(k.dir, 'cache'),
        'get',
        'cm',
        '-n',
        'ib-team',
        '-l',
        'watch=me',
        '-w',
        '--output-watch-events',
      ],
      { env: isolatedEnv(k.dir) },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await new Promise((r) => setTimeout(r, 700));
      await k.ok(['create', 'configmap', 'watched', '-n', 'ib-team']);
      await k.ok(['label', 'cm', 'watched', '-n', 'ib-team', 'watch=me']);
      await k.ok(['annotate', 'cm', 'watched', '-n', 'ib-team', 'x=y']);
      await k.ok(['delete', 'cm', 'watched', '-n', 'ib-team']);
      const lines = await eventually(() => {
        const rows = out.split('\n').filter((l) => l.includes('watched'));
        return rows.length >= 3 ? rows : undefined;
      });
      expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    } finally {
      child.kill();
    }
  });

  it('answers auth can-i for the demo users and auth whoami', async () => {
    const can = async (user: 'admin' | 'editor' | 'viewer', ...args: string[]) =>
      (await k.run(['auth', 'can-i', ...args], { user })).stdout.trim();
    expect(await can('admin', 'delete', 'nodes')).toBe('yes');
    expect(await can('editor', 'create', 'sriovibnetworks', '-n', 'ib-team')).toBe('yes');
    expect(await can('editor', 'create', 'sriovibnetworks', '-n', 'default')).toBe('no');
    expect(await can('editor', 'list', 'pods', '-n', 'default')).toBe('no');
    expect(await can('viewer', 'list', 'sriovibnetworks', '-A')).toBe('yes');
    expect(await can('viewer', 'create', 'pods', '-n', 'ib-team')).toBe('no');
    expect(await can('viewer', 'get', 'secrets', '-n', 'ib-team')).toBe('no');
    const whoami = await k.ok(['auth', 'whoami'], { user: 'editor' });
    expect(whoami).toMatch(/Username\s+editor/);
    expect(whoami).toContain('system:authenticated');
    const denied = await k.run(['create', 'configmap', 'nope', '-n', 'ib-team'], {
      user: 'viewer',
    });
    expect(denied.stderr).toContain(
      'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "ib-team"',
    );
  });

  it('explains built-in and custom kinds from OpenAPI v3', async () => {
    const spec = await k.ok(['explain', 'sriovibnetworks.spec']);
    expect(spec).toContain('KIND:       SriovIBNetwork');
    expect(spec).toMatch(/linkState\s+<string>/);
    expect(spec).toMatch(/resourceName\s+<string> -required-/);
    const pods = await k.ok(['explain', 'pods.spec.containers']);
    expect(pods).toMatch(/FIELD: containers <\[\]Container>/);
    expect(pods).toMatch(/image\s+<string>/);
    expect(await k.ok(['explain', 'nodes.status'])).toMatch(/capacity\s+<map\[string\]string>/);
  });

  it('rejects invalid objects naming the field', async () => {
    const pod = await k.run(['apply', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: Pod\nmetadata: {name: nocontainer, namespace: ib-team}\nspec: {containers: [{name: c}]}\n',
    });
    expect(pod.stderr).toContain(
      'The Pod "nocontainer" is invalid: spec.containers[0].image: Required value',
    );
    const enumBad = await k.run(['apply', '-f', '-'], {
      input: network('badlink').replace('linkState: enable', 'linkState: up'),
    });
    expect(enumBad.stderr).toContain(
      'spec.linkState: Unsupported value: "up": supported values: "auto", "enable", "disable"',
    );
    const unknown = await k.run(['apply', '-f', '-'], {
      input: network('typo').replace('  linkState: enable', '  linkStat: enable'),
    });
    expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.linkStat"');
    const lenient = await k.run(['apply', '--validate=false', '-f', '-'], {
      input: network('typo').replace('  linkState: enable', '  linkStat: enable'),
    });
    expect(lenient.code).toBe(0);
  });

  it('dry-runs server-side without storing', async () => {
    const out = await k.ok(['apply', '--dry-run=server', '-f', '-'], { input: network('dry') });
    expect(out).toContain('created (server dry run)');
    expect((await k.run(['get', 'sriovibnetwork', 'dry', '-n', 'ib-team'])).stderr).toContain(
      'NotFound',
    );
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ibnet-console, namespace: ib-team}
spec:
  selector: {matchLabels: {app: console}}
  template:
    metadata: {labels: {app: console}}
    spec: {containers: [{name: console, image: ibnet:dev}]}
`;
    expect(await k.ok(['apply', '--dry-run=server', '-f', '-'], { input: deploy })).toContain(
      'deployment.apps/ibnet-console created (server dry run)',
    );
  });
});
