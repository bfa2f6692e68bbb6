import { writeFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  KubeClient,
  RESOURCES,
  type ResourceRef,
  isAlreadyExists,
  isConflict,
  isNotFound,
  isTransient,
  sleep,
} from '../../../lib/kube';
import type {
  KubeObject,
  NetworkAttachmentDefinition,
  SriovIBNetwork,
  SriovNetworkLike,
} from '../../../lib/model';
import { CONTROLLER_CLUSTER_RULES, CONTROLLER_NAMESPACE_RULES } from '../rbac';

/**
 * Helpers for the controller's integration tests and benchmark. They talk to a cluster only
 * through its URL and kubeconfig, as the controller does.
 */

export const NAD_REF = RESOURCES['network-attachment-definitions'];
export const IB_REF = RESOURCES.sriovibnetworks;

export async function clientFromKubeconfig(path: string, context?: string): Promise<KubeClient> {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  if (context) kc.setCurrentContext(context);
  return KubeClient.fromKubeConfig(kc, 'ibnet-test');
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await sleep(everyMs);
  }
}

/** Retries a test driver's own request through injected faults (5xx, 429, conflicts). */
export async function retrying<T>(fn: () => Promise<T>, attempts = 30): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i + 1 >= attempts || !(isTransient(err) || isConflict(err))) throw err;
      await sleep(Math.min(200, 10 * 2 ** i));
    }
  }
}

export function ibNetwork(
  namespace: string,
  name: string,
  spec: Partial<SriovIBNetwork['spec']> = {},
): SriovIBNetwork {
  return {
    apiVersion: 'sriovnetwork.openshift.io/v1',
    kind: 'SriovIBNetwork',
    metadata: { name, namespace },
    spec: {
      resourceName: 'mlnx_ib',
      linkState: 'enable',
      capabilities: '{"infinibandGUID": true, "ips": true}',
      ipam: '{"type": "whereabouts", "range": "192.168.10.0/24"}',
      ...spec,
    },
  };
}

export async function getNad(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<NetworkAttachmentDefinition | undefined> {
  try {
    return await client.get<NetworkAttachmentDefinition>(NAD_REF, name, namespace);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function getNetwork<T extends SriovNetworkLike>(
  client: KubeClient,
  kind: T['kind'],
  namespace: string,
  name: string,
): Promise<T | undefined> {
  const ref = kind === 'SriovIBNetwork' ? RESOURCES.sriovibnetworks : RESOURCES.sriovnetworks;
  try {
    return await client.get<T>(ref, name, namespace);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function readyOf(network: SriovNetworkLike | undefined) {
  return network?.status?.conditions?.find((c) => c.type === 'Ready');
}

export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  await client.create<KubeObject>(RESOURCES.namespaces, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
}

/** One sample of `apiserver_request_total`, labels as written. */
export interface RequestSample {
  verb: string;
  resource: string;
  subresource: string;
  code: string;
  value: number;
}

/** Parses `apiserver_request_total` out of a Prometheus text exposition. */
export function parseRequestTotals(text: string): RequestSample[] {
  const samples: RequestSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const close = line.lastIndexOf('}');
    const labels = Object.fromEntries(
      [...line.slice(line.indexOf('{') + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(
        (m) => [m[1], m[2]],
      ),
    );
    samples.push({
      verb: labels.verb ?? '',
      resource: labels.resource ?? '',
      subresource: labels.subresource ?? '',
      code: labels.code ?? '',
      value: Number(line.slice(close + 1).trim()),
    });
  }
  return samples;
}

export const WRITE_VERBS = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION']);

/** Sum of the samples matching `filter`. */
export function total(samples: RequestSample[], filter: (s: RequestSample) => boolean): number {
  return samples.filter(filter).reduce((n, s) => n + s.value, 0);
}

/** Per-label-set differences `after - before`, so a test counts only what happened in between. */
export function delta(before: RequestSample[], after: RequestSample[]): RequestSample[] {
  const key = (s: RequestSample) => `${s.verb}|${s.resource}|${s.subresource}|${s.code}`;
  const base = new Map(before.map((s) => [key(s), s.value]));
  return after
    .map((s) => ({ ...s, value: s.value - (base.get(key(s)) ?? 0) }))
    .filter((s) => s.value !== 0);
}

/** The ClusterRole, Role and bindings that give a ServiceAccount exactly the controller's permissions. */
export function controllerRbac(
  account: { namespace: string; name: string },
  operatorNamespace: string,
): KubeObject[] {
  const rbac = 'rbac.authorization.k8s.io/v1';
  const subject = { kind: 'ServiceAccount', name: account.name, namespace: account.namespace };
  const role = 'ibnet-network-controller';
  return [
    {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: role },
      rules: CONTROLLER_CLUSTER_RULES,
    } as KubeObject,
    {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: `${role}-${account.namespace}-${account.name}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [subject],
    } as KubeObject,
    {
      apiVersion: rbac,
      kind: 'Role',
      metadata: { name: role, namespace: operatorNamespace },
      rules: CONTROLLER_NAMESPACE_RULES,
    } as KubeObject,
    {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: `${role}-${account.name}`, namespace: operatorNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [subject],
    } as KubeObject,
  ];
}

const RBAC_REFS: Record<string, ResourceRef> = {
  ClusterRole: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
  },
  ClusterRoleBinding: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
  },
  Role: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
  },
  RoleBinding: {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
  },
};

/**
 * Creates the ServiceAccount the controller runs as in a cluster, binds exactly the controller's
 * permissions to it, asks for a token through TokenRequest and writes a kubeconfig using it: the
 * controller then runs with the rights its deployment would give it, no more.
 */
export async function controllerKubeconfig(
  admin: KubeClient,
  cluster: { url: string; caPem: string },
  operatorNamespace: string,
  path: string,
): Promise<string> {
  const account = { namespace: operatorNamespace, name: 'ibnet-network-controller' };
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: account.name, namespace: account.namespace },
    },
    ...controllerRbac(account, operatorNamespace),
  ];
  for (const obj of objects) {
    const ref =
      obj.kind === 'ServiceAccount'
        ? RESOURCES.serviceaccounts
        : (RBAC_REFS[obj.kind] as ResourceRef);
    try {
      await admin.create(ref, obj);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  const request = await admin.transport.request<{ status: { token: string } }>(
    'POST',
    `/api/v1/namespaces/${account.namespace}/serviceaccounts/${account.name}/token`,
    undefined,
    {
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    },
  );
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'sim',
        cluster: {
          server: cluster.url,
          'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: account.name, user: { token: request.status.token } }],
    contexts: [{ name: account.name, context: { cluster: 'sim', user: account.name } }],
    'current-context': account.name,
  };
  await writeFile(path, stringify(kubeconfig), { mode: 0o600 });
  return path;
}
