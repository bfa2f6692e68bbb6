import { getPath, isPlainObject, type KubeObject } from './object';

/** A Table column as meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean | null;

/** Columns and a row function for one built-in resource, like kube's internal printers. */
export interface Printer {
  columns: ColumnDefinition[];
  row(obj: KubeObject, now: number): Cell[];
}

function col(
  name: string,
  type = 'string',
  priority = 0,
  format = '',
  description = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'string', 0, 'name', 'Name must be unique within a namespace.');
const AGE = col(
  'Age',
  'string',
  0,
  '',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

/** kube's HumanDuration: "45s", "5m3s", "3h", "12d", "2y30d". */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

function age(obj: KubeObject, now: number): string {
  const created = obj.metadata.creationTimestamp;
  return created ? humanDuration(now - Date.parse(created)) : '<unknown>';
}

const none = (v: unknown): string =>
  v === undefined || v === null || v === '' ? '<none>' : String(v);
const count = (v: unknown): number =>
  isPlainObject(v) ? Object.keys(v).length : Array.isArray(v) ? v.length : 0;

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason = String(
    getPath(pod, ['status', 'reason']) ?? getPath(pod, ['status', 'phase']) ?? 'Unknown',
  );
  const statuses = (getPath(pod, ['status', 'containerStatuses']) ?? []) as unknown[];
  for (const s of statuses) {
    const waiting = getPath(s, ['state', 'waiting', 'reason']);
    const terminated = getPath(s, ['state', 'terminated', 'reason']);
    if (typeof waiting === 'string' && waiting) reason = waiting;
    else if (typeof terminated === 'string' && terminated) reason = terminated;
  }
  return reason;
}

function containerField(obj: KubeObject, base: string[], field: string): string {
  const containers = (getPath(obj, [...base, 'containers']) ?? []) as unknown[];
  return containers.map((c) => String(getPath(c, [field]) ?? '')).join(',');
}

function selectorText(sel: unknown): string {
  const labels = (isPlainObject(sel) && isPlainObject(sel.matchLabels) ? sel.matchLabels : sel) as
    Record<string, string> | undefined;
  const text = Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return text || '<none>';
}

function subjectsOf(obj: KubeObject, kind: string): string {
  const subjects = (obj.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[];
  return subjects
    .filter((s) => s.kind === kind)
    .map((s) =>
      kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? ''),
    )
    .join(', ');
}

const bindingPrinter: Printer = {
  columns: [
    NAME,
    col('Role'),
    AGE,
    col('Users', 'string', 1),
    col('Groups', 'string', 1),
    col('ServiceAccounts', 'string', 1),
  ],
  row: (o, now) => [
    o.metadata.name ?? '',
    `${String(getPath(o, ['roleRef', 'kind']) ?? '')}/${String(getPath(o, ['roleRef', 'name']) ?? '')}`,
    age(o, now),
    subjectsOf(o, 'User'),
    subjectsOf(o, 'Group'),
    subjectsOf(o, 'ServiceAccount'),
  ],
};

const createdAtPrinter: Printer = {
  columns: [
    NAME,
    col(
      'Created At',
      'date',
      0,
      '',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  row: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? null],
};

/** Printers of the built-in resources, by storage key; others use Name and Created At. */
export const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [
      NAME,
      col(
        'Ready',
        'string',
        0,
        '',
        'The aggregate readiness state of this pod for accepting traffic.',
      ),
      col('Status', 'string', 0, '', 'The aggregate status of the containers in this pod.'),
      col(
        'Restarts',
        'string',
        0,
        '',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      AGE,
      col(
        'IP',
        'string',
        1,
        '',
        'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      ),
      col('Node', 'string', 1, '', 'Name of the Node this Pod is running on.'),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    row: (o, now) => {
      const statuses = (getPath(o, ['status', 'containerStatuses']) ?? []) as unknown[];
      const total = ((getPath(o, ['spec', 'containers']) ?? []) as unknown[]).length;
      const ready = statuses.filter((s) => getPath(s, ['ready']) === true).length;
      const restarts = statuses.reduce<number>(
        (n, s) => n + Number(getPath(s, ['restartCount']) ?? 0),
        0,
      );
      return [
        o.metadata.name ?? '',
        `${ready}/${total}`,
        podStatus(o),
        String(restarts),
        age(o, now),
        none(getPath(o, ['status', 'podIP'])),
        none(getPath(o, ['spec', 'nodeName'])),
        none(getPath(o, ['status', 'nominatedNodeName'])),
        '<none>',
      ];
    },
  },
  nodes: {
    columns: [
      NAME,
      col('Status', 'string', 0, '', 'The status of the node'),
      col('Roles', 'string', 0, '', 'The roles of the node'),
      AGE,
      col('Version', 'string', 0, '', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    row: (o, now) => {
      const conditions = (getPath(o, ['status', 'conditions']) ?? []) as unknown[];
      const readyCond = conditions.find((c) => getPath(c, ['type']) === 'Ready');
      let status =
        readyCond === undefined
          ? 'Unknown'
          : getPath(readyCond, ['status']) === 'True'
            ? 'Ready'
            : 'NotReady';
      if (getPath(o, ['spec', 'unschedulable']) === true) status += ',SchedulingDisabled';
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length))
        .sort();
      const addresses = (getPath(o, ['status', 'addresses']) ?? []) as unknown[];
      const address = (t: string) =>
        none(
          addresses.find((a) => getPath(a, ['type']) === t) &&
            getPath(
              addresses.find((a) => getPath(a, ['type']) === t),
              ['address'],
            ),
        );
      const info = (f: string) => none(getPath(o, ['status', 'nodeInfo', f]));
      return [
        o.metadata.name ?? '',
        status,
        roles.length ? roles.join(',') : '<none>',
        age(o, now),
        String(getPath(o, ['status', 'nodeInfo', 'kubeletVersion']) ?? ''),
        address('InternalIP'),
        address('ExternalIP'),
        info('osImage'),
        info('kernelVersion'),
        info('containerRuntimeVersion'),
      ];
    },
  },
  namespaces: {
    columns: [NAME, col('Status', 'string', 0, '', 'The status of the namespace'), AGE],
    row: (o, now) => [
      o.metadata.name ?? '',
      String(getPath(o, ['status', 'phase']) ?? ''),
      age(o, now),
    ],
  },
  configmaps: {
    columns: [NAME, col('Data', 'integer'), AGE],
    row: (o, now) => [o.metadata.name ?? '', count(o.data) + count(o.binaryData), age(o, now)],
  },
  secrets: {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    row: (o, now) => [o.metadata.name ?? '', String(o.type ?? ''), count(o.data), age(o, now)],
  },
  serviceaccounts: {
    columns: [NAME, col('Secrets', 'integer'), AGE],
    row: (o, now) => [o.metadata.name ?? '', count(o.secrets), age(o, now)],
  },
  events: {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Message'),
      { ...NAME, priority: 1 },
    ],
    row: (o, now) => {
      const last = (o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp) as
        string | undefined;
      const kind = String(getPath(o, ['involvedObject', 'kind']) ?? '').toLowerCase();
      return [
        last ? humanDuration(now - Date.parse(last)) : '<unknown>',
        String(o.type ?? ''),
        String(o.reason ?? ''),
        `${kind}/${String(getPath(o, ['involvedObject', 'name']) ?? '')}`,
        String(o.message ?? ''),
        o.metadata.name ?? '',
      ];
    },
  },
  services: {
    columns: [
      NAME,
      col('Type'),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      AGE,
      col('Selector', 'string', 1),
    ],
    row: (o, now) => {
      const ports = ((getPath(o, ['spec', 'ports']) ?? []) as unknown[])
        .map((p) => `${String(getPath(p, ['port']))}/${String(getPath(p, ['protocol']) ?? 'TCP')}`)
        .join(',');
      return [
        o.metadata.name ?? '',
        String(getPath(o, ['spec', 'type']) ?? ''),
        none(getPath(o, ['spec', 'clusterIP'])),
        '<none>',
        ports || '<none>',
        age(o, now),
        selectorText(getPath(o, ['spec', 'selector'])),
      ];
    },
  },
  'deployments.apps': {
    columns: [
      NAME,
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    row: (o, now) => {
      const s = (k: string) => Number(getPath(o, ['status', k]) ?? 0);
      return [
        o.metadata.name ?? '',
        `${s('readyReplicas')}/${Number(getPath(o, ['spec', 'replicas']) ?? 0)}`,
        s('updatedReplicas'),
        s('availableReplicas'),
        age(o, now),
        containerField(o, ['spec', 'template', 'spec'], 'name'),
        containerField(o, ['spec', 'template', 'spec'], 'image'),
        selectorText(getPath(o, ['spec', 'selector'])),
      ];
    },
  },
  'daemonsets.apps': {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    row: (o, now) => {
      const s = (k: string) => Number(getPath(o, ['status', k]) ?? 0);
      return [
        o.metadata.name ?? '',
        s('desiredNumberScheduled'),
        s('currentNumberScheduled'),
        s('numberReady'),
        s('updatedNumberScheduled'),
        s('numberAvailable'),
        selectorText(getPath(o, ['spec', 'template', 'spec', 'nodeSelector'])),
        age(o, now),
        containerField(o, ['spec', 'template', 'spec'], 'name'),
        containerField(o, ['spec', 'template', 'spec'], 'image'),
        selectorText(getPath(o, ['spec', 'selector'])),
      ];
    },
  },
  'leases.coordination.k8s.io': {
    columns: [NAME, col('Holder'), AGE],
    row: (o, now) => [
      o.metadata.name ?? '',
      String(getPath(o, ['spec', 'holderIdentity']) ?? ''),
      age(o, now),
    ],
  },
  'rolebindings.rbac.authorization.k8s.io': bindingPrinter,
  'clusterrolebindings.rbac.authorization.k8s.io': bindingPrinter,
};

export const DEFAULT_PRINTER = createdAtPrinter;
