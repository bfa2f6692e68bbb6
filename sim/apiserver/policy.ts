import type { KubeObject } from './object';
import type { PolicyRule } from './rbac';

/**
 * The bootstrap RBAC policy kube-apiserver creates (the parts ibnet's users meet), and the demo
 * identities' bindings. Rule lists follow kube's bootstrap policy for the resources served here.
 */

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const BOOTSTRAP = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const ALL = [...WRITE, ...READ];

export const AGGREGATE_TO = (role: 'admin' | 'edit' | 'view'): string =>
  `rbac.authorization.k8s.io/aggregate-to-${role}`;

function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { ...BOOTSTRAP, ...(extra.labels ?? {}) },
      annotations: { ...AUTOUPDATE },
    },
    ...(extra.aggregateFrom
      ? {
          aggregationRule: {
            clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: 'true' } }],
          },
        }
      : {}),
    rules,
  };
}

function clusterRoleBinding(
  name: string,
  role: string,
  subjects: { kind: string; name: string; namespace?: string }[],
): KubeObject {
  return {
    apiVersion: RBAC_API,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { ...BOOTSTRAP }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => ({
      ...(s.kind === 'ServiceAccount' ? {} : { apiGroup: 'rbac.authorization.k8s.io' }),
      ...s,
    })),
  };
}

/** kube's bootstrap ClusterRoles and ClusterRoleBindings that matter to an API client. */
export function bootstrapPolicy(): KubeObject[] {
  const t = 'true';
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('admin', [], { aggregateFrom: AGGREGATE_TO('admin') }),
    clusterRole('edit', [], {
      aggregateFrom: AGGREGATE_TO('edit'),
      labels: { [AGGREGATE_TO('admin')]: t },
    }),
    clusterRole('view', [], {
      aggregateFrom: AGGREGATE_TO('view'),
      labels: { [AGGREGATE_TO('edit')]: t },
    }),
    clusterRole(
      'system:aggregate-to-admin',
      [
        {
          apiGroups: ['authorization.k8s.io'],
          resources: ['localsubjectaccessreviews'],
          verbs: ['create'],
        },
        {
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['rolebindings', 'roles'],
          verbs: ALL,
        },
      ],
      { labels: { [AGGREGATE_TO('admin')]: t } },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        {
          apiGroups: [''],
          resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
          verbs: WRITE,
        },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
        {
          apiGroups: [''],
          resources: [
            'configmaps',
            'events',
            'persistentvolumeclaims',
            'replicationcontrollers',
            'secrets',
            'serviceaccounts',
            'services',
            'services/proxy',
          ],
          verbs: WRITE,
        },
        { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
        {
          apiGroups: ['apps'],
          resources: [
            'daemonsets',
            'deployments',
            'deployments/rollback',
            'deployments/scale',
            'replicasets',
            'replicasets/scale',
            'statefulsets',
            'statefulsets/scale',
          ],
          verbs: WRITE,
        },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...WRITE, ...READ] },
        {
          apiGroups: [''],
          resources: [
            'pods/attach',
            'pods/exec',
            'pods/portforward',
            'pods/proxy',
            'secrets',
            'services/proxy',
          ],
          verbs: READ,
        },
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      ],
      { labels: { [AGGREGATE_TO('edit')]: t, [AGGREGATE_TO('admin')]: t } },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        {
          apiGroups: [''],
          resources: [
            'configmaps',
            'endpoints',
            'persistentvolumeclaims',
            'persistentvolumeclaims/status',
            'pods',
            'pods/log',
            'pods/status',
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'replicationcontrollers/status',
            'serviceaccounts',
            'services',
            'services/status',
          ],
          verbs: READ,
        },
        {
          apiGroups: [''],
          resources: [
            'bindings',
            'events',
            'limitranges',
            'namespaces/status',
            'resourcequotas',
            'resourcequotas/status',
          ],
          verbs: READ,
        },
        { apiGroups: [''], resources: ['namespaces'], verbs: READ },
        { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
        {
          apiGroups: ['apps'],
          resources: [
            'controllerrevisions',
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/scale',
            'deployments/status',
            'replicasets',
            'replicasets/scale',
            'replicasets/status',
            'statefulsets',
            'statefulsets/scale',
            'statefulsets/status',
          ],
          verbs: READ,
        },
      ],
      {
        labels: {
          [AGGREGATE_TO('view')]: t,
          [AGGREGATE_TO('edit')]: t,
          [AGGREGATE_TO('admin')]: t,
        },
      },
    ),
    clusterRole('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
      {
        apiGroups: ['authentication.k8s.io'],
        resources: ['selfsubjectreviews'],
        verbs: ['create'],
      },
    ]),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:public-info-viewer', [
      {
        nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'],
        verbs: ['get'],
      },
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [
      { kind: 'Group', name: 'system:masters' },
    ]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [
      { kind: 'Group', name: 'system:authenticated' },
    ]),
    clusterRoleBinding('system:discovery', 'system:discovery', [
      { kind: 'Group', name: 'system:authenticated' },
    ]),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ]),
  ];
}

/**
 * Aggregated roles for custom resources, as an operator ships them: view reads them (and their
 * status), edit and admin also write them. The label selectors of view/edit/admin pick them up.
 */
export function aggregatedRolesFor(
  prefix: string,
  resources: { group: string; plural: string }[],
): KubeObject[] {
  const label = (roles: ('admin' | 'edit' | 'view')[]) =>
    Object.fromEntries(roles.map((r) => [AGGREGATE_TO(r), 'true']));
  const groups = [...new Set(resources.map((r) => r.group))].sort();
  const rules = (withStatus: boolean, verbs: string[]): PolicyRule[] =>
    groups.map((g) => ({
      apiGroups: [g],
      resources: resources
        .filter((r) => r.group === g)
        .flatMap((r) => (withStatus ? [r.plural, `${r.plural}/status`] : [r.plural])),
      verbs,
    }));
  return [
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { name: `${prefix}-aggregate-to-view`, labels: label(['view', 'edit', 'admin']) },
      rules: rules(true, READ),
    },
    {
      apiVersion: RBAC_API,
      kind: 'ClusterRole',
      metadata: { name: `${prefix}-aggregate-to-edit`, labels: label(['edit', 'admin']) },
      rules: rules(false, WRITE),
    },
  ];
}

/** The demo users' access: editor edits ib-team, viewer views everything viewable. */
export function demoBindings(): KubeObject[] {
  return [
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { name: 'editor-edit', namespace: 'ib-team' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'editor' }],
    },
    clusterRoleBinding('viewer-view', 'view', [{ kind: 'User', name: 'viewer' }]),
  ];
}
