import { execFile } from 'node:child_process';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CONTROLLER_CLUSTER_RULES, CONTROLLER_NAMESPACE_RULES } from '../agent/controller/rbac';
import { NODE_CLUSTER_RULES, NODE_NAMESPACE_RULES } from '../agent/node/rbac';
import { type Cluster, startCluster } from '../sim';
import { DEPLOY_DIR, staleFiles } from './generate';

const run = promisify(execFile);
const ROOT = join(DEPLOY_DIR, '..');
const NS = 'openshift-sriov-network-operator';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  spec?: Record<string, unknown>;
}

async function manifests(file: string): Promise<Manifest[]> {
  const text = await readFile(join(DEPLOY_DIR, file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Manifest);
}

async function rulesOf(file: string, kind: string, name: string): Promise<Rule[]> {
  const found = (await manifests(file)).find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`${file} has no ${kind} ${name}`);
  return found.rules ?? [];
}

/** Every manifest file kubectl should accept with `-f` (kustomizations go through `-k`). */
async function manifestFiles(dir = DEPLOY_DIR): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await manifestFiles(path)));
    else if (
      e.name.endsWith('.yaml') &&
      e.name !== 'kustomization.yaml' &&
      !e.name.endsWith('.patch.yaml')
    ) {
      out.push(relative(DEPLOY_DIR, path));
    }
  }
  return out.sort();
}

describe('deploy/ as files', () => {
  it('has CRDs generated from the current lib/model', async () => {
    expect(await staleFiles()).toEqual([]);
  });

  it('grants the controller and the node configurator exactly what their code lists', async () => {
    const controller = await rulesOf(
      'base/rbac-controller.yaml',
      'ClusterRole',
      'ibnet-controller',
    );
    expect(controller.slice(0, CONTROLLER_CLUSTER_RULES.length)).toEqual(CONTROLLER_CLUSTER_RULES);
    expect(await rulesOf('base/rbac-controller.yaml', 'Role', 'ibnet-controller')).toEqual(
      CONTROLLER_NAMESPACE_RULES,
    );
    expect(await rulesOf('base/rbac-node.yaml', 'ClusterRole', 'ibnet-node')).toEqual(
      NODE_CLUSTER_RULES,
    );
    expect(await rulesOf('base/rbac-node.yaml', 'Role', 'ibnet-node')).toEqual(
      NODE_NAMESPACE_RULES,
    );
    expect((await manifests('base/rbac-console.yaml')).map((m) => m.kind)).toEqual([
      'ServiceAccount',
    ]);
    expect(
      await rulesOf(
        'impersonate/rbac-impersonate.yaml',
        'ClusterRole',
        'ibnet-console-impersonate',
      ),
    ).toEqual([{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }]);
  });

  it('installs with a production install: the agent imports only runtime dependencies', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const sources: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory() && e.name !== 'testing') await walk(path);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) sources.push(path);
      }
    };
    for (const dir of ['agent', 'lib', 'cli']) await walk(join(ROOT, dir));
    const missing = new Set<string>();
    for (const file of sources) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)[^'"]*from '([^'.][^']*)'/gm)) {
        const spec = m[1] as string;
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0];
        if (!name || name.startsWith('node:') || builtinModules.includes(name)) continue;
        if (!pkg.dependencies[name]) missing.add(`${name} (${relative(ROOT, file)})`);
      }
    }
    expect([...missing]).toEqual([]);
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  it('runs the node configurator privileged on the host network with /sys and NODE_NAME', async () => {
    const [ds] = await manifests('base/node.yaml');
    const pod = (ds?.spec?.template as { spec: Record<string, unknown> }).spec;
    const container = (pod.containers as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(pod.hostNetwork).toBe(true);
    expect(pod.nodeSelector).toEqual({
      'feature.node.kubernetes.io/network-sriov.capable': 'true',
    });
    expect(container.securityContext).toMatchObject({ privileged: true });
    expect(container.args).toContain('--sysfs-root=/host/sys');
    expect(container.env).toContainEqual({
      name: 'NODE_NAME',
      valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } },
    });
    expect(pod.volumes).toContainEqual({
      name: 'host-sys',
      hostPath: { path: '/sys', type: 'Directory' },
    });
  });
});

describe('deploy/ on a cluster', () => {
  let cluster: Cluster;
  let home: string;

  const kubectl = async (args: string[], kubeconfig = cluster.kubeconfigPath) => {
    const { stdout } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(home, 'cache'), ...args],
      { env: { ...process.env, HOME: home }, cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  };

  beforeAll(async () => {
    cluster = await startCluster({ fabric: false });
    home = await mkdtemp(join(tmpdir(), 'ibnet-deploy-kubectl-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('is accepted by the API server, file by file and as kustomizations (server dry run)', async () => {
    const files = await manifestFiles();
    expect(files).toContain('base/node.yaml');
    const out = await kubectl([
      'apply',
      '--dry-run=server',
      ...files.flatMap((f) => ['-f', join('deploy', f)]),
    ]);
    expect(out).toMatch(/daemonset.apps\/ibnet-node (created|configured) \(server dry run\)/);
    expect(out).toMatch(
      /deployment.apps\/ibnet-controller (created|configured) \(server dry run\)/,
    );

    const all = await kubectl(['apply', '-k', 'deploy', '--dry-run=server']);
    expect(all).toMatch(/customresourcedefinition.apiextensions.k8s.io\/sriovnetworknodestates/);
    expect(all).toMatch(/service\/ibnet-console (created|configured) \(server dry run\)/);
    expect(all).not.toMatch(/network-attachment-definitions|operator.openshift.io/);

    const proxied = await kubectl(['apply', '-k', 'deploy/impersonate', '--dry-run=server']);
    expect(proxied).toMatch(
      /clusterrolebinding.rbac.authorization.k8s.io\/ibnet-console-impersonate/,
    );
  });

  it('signs users in with their own token unless the impersonation overlay is chosen', async () => {
    const authOf = (text: string) => {
      const deployment = parseAllDocuments(text)
        .map((d) => d.toJS() as Manifest)
        .find((m) => m.kind === 'Deployment' && m.metadata.name === 'ibnet-console');
      const pod = (
        deployment?.spec?.template as { spec: { containers: Record<string, unknown>[] } }
      ).spec;
      const env = pod.containers[0]?.env as { name: string; value?: string }[];
      return env.find((e) => e.name === 'IBNET_AUTH')?.value;
    };
    expect(authOf(await kubectl(['kustomize', 'deploy']))).toBe('token');
    expect(authOf(await kubectl(['kustomize', 'deploy/impersonate']))).toBe('impersonate');
  });

  it('gives each service account what it needs and nothing more', async () => {
    for (const file of ['namespace', 'rbac-controller', 'rbac-node', 'rbac-console']) {
      await kubectl(['apply', '-f', join('deploy/base', `${file}.yaml`)]);
    }
    const can = async (sa: string, ...args: string[]) => {
      const as = `system:serviceaccount:${NS}:${sa}`;
      const out = await kubectl(['auth', 'can-i', ...args, '--as', as]).catch(
        (err: { stdout?: string }) => err.stdout ?? '',
      );
      return out.trim();
    };
    expect(await can('ibnet-node', 'patch', 'sriovnetworknodestates/status', '-n', NS)).toBe('yes');
    expect(await can('ibnet-node', 'list', 'sriovnetworknodepolicies', '-n', NS)).toBe('yes');
    expect(await can('ibnet-node', 'watch', 'nodes')).toBe('yes');
    expect(await can('ibnet-node', 'create', 'sriovnetworknodepolicies', '-n', NS)).toBe('no');
    expect(await can('ibnet-node', 'get', 'secrets', '-n', NS)).toBe('no');
    expect(await can('ibnet-node', 'patch', 'nodes')).toBe('no');
    expect(
      await can('ibnet-controller', 'create', 'network-attachment-definitions', '-n', 'ib-team'),
    ).toBe('yes');
    expect(await can('ibnet-controller', 'update', 'leases', '-n', NS)).toBe('yes');
    expect(await can('ibnet-controller', 'update', 'leases', '-n', 'default')).toBe('no');
    expect(await can('ibnet-controller', 'list', 'secrets', '-A')).toBe('no');
    // In token mode the console's own account may do nothing at all.
    expect(await can('ibnet-console', 'impersonate', 'users')).toBe('no');
    expect(await can('ibnet-console', 'list', 'sriovibnetworks', '-A')).toBe('no');

    await kubectl(['apply', '-f', 'deploy/impersonate/rbac-impersonate.yaml']);
    expect(await can('ibnet-console', 'impersonate', 'users')).toBe('yes');
    expect(await can('ibnet-console', 'impersonate', 'groups')).toBe('yes');
    expect(await can('ibnet-console', 'list', 'sriovibnetworks', '-A')).toBe('no');
    expect(await can('ibnet-console', 'list', 'pods', '-A')).toBe('no');
  });
});
