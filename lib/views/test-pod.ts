import { NETWORKS_ANNOTATION } from '../model';

/** The label that marks the wizard's test pods: the only pods the console creates or deletes. */
export const TEST_POD_LABEL = 'ibnet.io/test-pod';

/** What the console's test pod runs unless the console is configured otherwise; any image with `sleep`. */
export const DEFAULT_TEST_POD_IMAGE = 'registry.access.redhat.com/ubi9/ubi-minimal:latest';

/** Label every kubelet sets to its node's name. */
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface TestPodInput {
  name: string;
  namespace: string;
  /** The `k8s.v1.cni.cncf.io/networks` value, as it is. */
  networks: string;
  /** Pin the pod to this node. */
  node?: string;
  /** Full device-plugin resource names and how many of each, e.g. `openshift.io/ib_vfs: '1'`. */
  resources: Record<string, string>;
  image: string;
}

/**
 * The one pod shape the console creates to try a network, and shows before creating it: labelled
 * as a test pod, unprivileged, no service account token, no host access, gone within an hour.
 * Only the networks, node, image and VF counts vary.
 */
export function testPodManifest(input: TestPodInput) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { [TEST_POD_LABEL]: 'true', 'app.kubernetes.io/managed-by': 'ibnet-console' },
      annotations: { [NETWORKS_ANNOTATION]: input.networks },
    },
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: 3600,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...(input.node ? { nodeSelector: { [HOSTNAME_LABEL]: input.node } } : {}),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 65534,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'probe',
          image: input.image,
          command: ['sleep', '3600'],
          resources: { requests: input.resources, limits: input.resources },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    },
  };
}
