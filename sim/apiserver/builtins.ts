import { ALL_VERBS, type ResourceType, type Subresource } from './resources';

/** Verbs of a namespace: kube serves no deletecollection for them. */
const NO_COLLECTION_DELETE = ALL_VERBS.filter((v) => v !== 'deletecollection');

const STATUS: Subresource = { name: 'status', verbs: ['get', 'patch', 'update'] };

interface BuiltinSpec {
  group?: string;
  version?: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: Subresource[];
  virtual?: boolean;
}

function builtin(spec: BuiltinSpec): ResourceType {
  const version = spec.version ?? 'v1';
  return {
    group: spec.group ?? '',
    version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    verbs: spec.verbs ?? ALL_VERBS,
    subresources: spec.subresources ?? [],
    custom: false,
    virtual: spec.virtual,
    storageVersion: version,
  };
}

const RBAC = 'rbac.authorization.k8s.io';
const AUTHZ = 'authorization.k8s.io';
const AUTHN = 'authentication.k8s.io';

/** Groups in the order kube-apiserver lists them; custom groups follow, sorted by name. */
export const BUILTIN_GROUP_ORDER = [
  '',
  'apps',
  'events.k8s.io',
  AUTHN,
  AUTHZ,
  RBAC,
  'apiextensions.k8s.io',
  'coordination.k8s.io',
];

/** The built-in resources this server serves. Controllers other than the API server's own are not run. */
export function builtinResources(): ResourceType[] {
  return [
    builtin({
      kind: 'Namespace',
      plural: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      verbs: NO_COLLECTION_DELETE,
      subresources: [STATUS, { name: 'finalize', verbs: ['update'] }],
    }),
    builtin({
      kind: 'Node',
      plural: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      subresources: [STATUS],
    }),
    builtin({
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      subresources: [
        STATUS,
        { name: 'log', verbs: ['get'] },
        { name: 'binding', verbs: ['create'], kind: { group: '', version: 'v1', kind: 'Binding' } },
      ],
    }),
    builtin({ kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] }),
    builtin({ kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] }),
    builtin({ kind: 'Secret', plural: 'secrets', namespaced: true }),
    builtin({
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      subresources: [
        {
          name: 'token',
          verbs: ['create'],
          kind: { group: AUTHN, version: 'v1', kind: 'TokenRequest' },
        },
      ],
    }),
    builtin({
      kind: 'Service',
      plural: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      subresources: [STATUS],
    }),
    builtin({
      group: 'apps',
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: [STATUS],
    }),
    builtin({
      group: 'apps',
      kind: 'DaemonSet',
      plural: 'daemonsets',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      subresources: [STATUS],
    }),
    builtin({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', namespaced: true }),
    builtin({
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
      plural: 'customresourcedefinitions',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      subresources: [STATUS],
    }),
    builtin({ group: RBAC, kind: 'Role', plural: 'roles', namespaced: true }),
    builtin({ group: RBAC, kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
    builtin({ group: RBAC, kind: 'RoleBinding', plural: 'rolebindings', namespaced: true }),
    builtin({
      group: RBAC,
      kind: 'ClusterRoleBinding',
      plural: 'clusterrolebindings',
      namespaced: false,
    }),
    ...[
      ['SelfSubjectAccessReview', 'selfsubjectaccessreviews', false],
      ['SelfSubjectRulesReview', 'selfsubjectrulesreviews', false],
      ['SubjectAccessReview', 'subjectaccessreviews', false],
      ['LocalSubjectAccessReview', 'localsubjectaccessreviews', true],
    ].map(([kind, plural, namespaced]) =>
      builtin({
        group: AUTHZ,
        kind: kind as string,
        plural: plural as string,
        namespaced: namespaced as boolean,
        verbs: ['create'],
        virtual: true,
      }),
    ),
    ...[
      ['SelfSubjectReview', 'selfsubjectreviews'],
      ['TokenReview', 'tokenreviews'],
    ].map(([kind, plural]) =>
      builtin({
        group: AUTHN,
        kind: kind as string,
        plural: plural as string,
        namespaced: false,
        verbs: ['create'],
        virtual: true,
      }),
    ),
  ];
}
