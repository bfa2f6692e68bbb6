import type { JsonSchema } from './resources';
import {
  arrayOf,
  bool,
  CONDITION,
  CORE,
  int,
  kindSchema,
  mapList,
  ref,
  str,
  strList,
  strMap,
} from './openapi-schemas';

/**
 * Component schemas of the core/v1 kinds: full enough for `kubectl explain` on pods, nodes,
 * namespaces and configmaps, the top level of the rest. Descriptions are short summaries.
 */

const CONTAINER_PORT: JsonSchema = {
  type: 'object',
  description: 'A network port in a single container.',
  required: ['containerPort'],
  properties: {
    name: str('Name of the port.'),
    containerPort: int('Port number on the pod IP.'),
    protocol: str('UDP, TCP or SCTP. Defaults to TCP.'),
    hostPort: int('Port number on the host.'),
  },
};

/** Schemas of the core kinds, fuller for the ones users explain most. */
export const CORE_SCHEMAS: Record<string, JsonSchema> = {
  [`${CORE}.Pod`]: kindSchema(
    'Pod is a collection of containers that can run on a host.',
    '',
    'v1',
    'Pod',
    {
      spec: ref(`${CORE}.PodSpec`, 'Specification of the desired behavior of the pod.'),
      status: ref(`${CORE}.PodStatus`, 'Most recently observed status of the pod.'),
    },
  ),
  [`${CORE}.PodSpec`]: {
    type: 'object',
    description: 'PodSpec is a description of a pod.',
    required: ['containers'],
    properties: {
      containers: mapList(`${CORE}.Container`, 'name', 'List of containers belonging to the pod.'),
      initContainers: mapList(
        `${CORE}.Container`,
        'name',
        'Containers run in order before the app containers start.',
      ),
      nodeName: str('Request to schedule this pod onto a specific node.'),
      nodeSelector: strMap('Labels a node must have for the pod to fit on it.'),
      restartPolicy: {
        type: 'string',
        description: 'Restart policy for all containers: Always, OnFailure or Never.',
        enum: ['Always', 'Never', 'OnFailure'],
      },
      serviceAccountName: str('Name of the ServiceAccount to use to run this pod.'),
      hostNetwork: bool(
        "Host networking requested for this pod: use the host's network namespace.",
      ),
      volumes: arrayOf(
        {
          type: 'object',
          description: 'A named volume in a pod.',
          properties: { name: str('Volume name.') },
        },
        'List of volumes that can be mounted by containers of the pod.',
      ),
      tolerations: arrayOf(
        { type: 'object', description: 'A toleration of a taint.' },
        "The pod's tolerations.",
      ),
      schedulerName: str('The scheduler that dispatches the pod.'),
      terminationGracePeriodSeconds: {
        type: 'integer',
        format: 'int64',
        description: 'Seconds the pod needs to terminate gracefully.',
      },
    },
  },
  [`${CORE}.Container`]: {
    type: 'object',
    description: 'A single application container to run within a pod.',
    required: ['name'],
    properties: {
      name: str('Name of the container, a DNS label unique within the pod.'),
      image: str('Container image name.'),
      command: strList('Entrypoint array, not run in a shell.'),
      args: strList('Arguments to the entrypoint.'),
      env: mapList(`${CORE}.EnvVar`, 'name', 'Environment variables to set in the container.'),
      ports: arrayOf(CONTAINER_PORT, 'Ports to expose from the container.'),
      resources: {
        type: 'object',
        description: 'Compute resources required by this container.',
        properties: {
          limits: strMap('Maximum amount of compute resources allowed.'),
          requests: strMap('Minimum amount of compute resources required.'),
        },
      },
      volumeMounts: arrayOf(
        {
          type: 'object',
          description: 'A mounting of a volume within a container.',
          properties: {
            name: str('Name of the volume.'),
            mountPath: str('Path within the container.'),
          },
        },
        'Volumes to mount into the container.',
      ),
      imagePullPolicy: str('Always, Never or IfNotPresent.'),
    },
  },
  [`${CORE}.EnvVar`]: {
    type: 'object',
    description: 'An environment variable present in a container.',
    required: ['name'],
    properties: {
      name: str('Name of the variable.'),
      value: str('Value of the variable.'),
      valueFrom: { type: 'object', description: 'Source for the value.' },
    },
  },
  [`${CORE}.PodStatus`]: {
    type: 'object',
    description: 'Information about the status of a pod.',
    properties: {
      phase: {
        type: 'string',
        description: 'Pending, Running, Succeeded, Failed or Unknown.',
        enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
      },
      conditions: arrayOf(CONDITION('pod'), 'Current service state of the pod.'),
      podIP: str('IP address allocated to the pod.'),
      podIPs: arrayOf(
        { type: 'object', properties: { ip: str('IP address.') } },
        'IP addresses allocated to the pod.',
      ),
      hostIP: str('IP address of the host the pod is assigned to.'),
      qosClass: str('Quality of Service class: Guaranteed, Burstable or BestEffort.'),
      startTime: {
        type: 'string',
        format: 'date-time',
        description: 'When the kubelet acknowledged the pod.',
      },
      containerStatuses: arrayOf(
        { type: 'object', description: 'Status of a container.' },
        'Status of each container.',
      ),
    },
  },
  [`${CORE}.Node`]: kindSchema('Node is a worker node in Kubernetes.', '', 'v1', 'Node', {
    spec: ref(`${CORE}.NodeSpec`, 'Spec defines the behavior of a node.'),
    status: ref(`${CORE}.NodeStatus`, 'Most recently observed status of the node.'),
  }),
  [`${CORE}.NodeSpec`]: {
    type: 'object',
    description: 'NodeSpec describes the attributes that a node is created with.',
    properties: {
      podCIDR: str('Pod IP range assigned to the node.'),
      providerID: str('ID of the node assigned by the cloud provider.'),
      unschedulable: bool('Unschedulable controls node schedulability of new pods.'),
      taints: arrayOf(
        {
          type: 'object',
          description: 'A taint.',
          properties: {
            key: str('Taint key.'),
            value: str('Taint value.'),
            effect: str('NoSchedule, PreferNoSchedule or NoExecute.'),
          },
        },
        "The node's taints.",
      ),
    },
  },
  [`${CORE}.NodeStatus`]: {
    type: 'object',
    description: 'NodeStatus is information about the current status of a node.',
    properties: {
      addresses: arrayOf(
        {
          type: 'object',
          properties: {
            type: str('Hostname, ExternalIP or InternalIP.'),
            address: str('The address.'),
          },
        },
        'Addresses reachable to the node.',
      ),
      capacity: strMap(
        'Total resources of the node, including extended resources such as SR-IOV VFs.',
      ),
      allocatable: strMap('Resources of the node available for scheduling.'),
      conditions: arrayOf(CONDITION('node'), 'Current observed node conditions.'),
      nodeInfo: {
        type: 'object',
        description: 'General information about the node.',
        properties: {
          kubeletVersion: str('Kubelet version.'),
          osImage: str('OS image.'),
          kernelVersion: str('Kernel version.'),
        },
      },
    },
  },
  [`${CORE}.Namespace`]: kindSchema(
    'Namespace provides a scope for names.',
    '',
    'v1',
    'Namespace',
    {
      spec: {
        type: 'object',
        description: 'Spec defines the behavior of the namespace.',
        properties: {
          finalizers: strList('Finalizers that must be empty before the namespace is removed.'),
        },
      },
      status: {
        type: 'object',
        description: 'Status describes the current status of the namespace.',
        properties: {
          phase: str('Active or Terminating.'),
          conditions: arrayOf(
            CONDITION('namespace'),
            'Latest observations of the namespace state.',
          ),
        },
      },
    },
  ),
  [`${CORE}.ConfigMap`]: kindSchema(
    'ConfigMap holds configuration data for pods to consume.',
    '',
    'v1',
    'ConfigMap',
    {
      data: strMap('Configuration data: keys of alphanumerics, -, _ or ., and string values.'),
      binaryData: strMap('Binary configuration data, base64 encoded.'),
      immutable: bool('If true, the data cannot be updated.'),
    },
  ),
  [`${CORE}.Secret`]: kindSchema(
    'Secret holds secret data of a certain type.',
    '',
    'v1',
    'Secret',
    {
      data: strMap('Secret data, base64 encoded.'),
      stringData: strMap('Write-only plain text data, merged into data on write.'),
      type: str('Used to facilitate programmatic handling of secret data.'),
      immutable: bool('If true, the data cannot be updated.'),
    },
  ),
  [`${CORE}.ServiceAccount`]: kindSchema(
    'ServiceAccount binds together a name, a principal for the API, and secrets.',
    '',
    'v1',
    'ServiceAccount',
    {
      secrets: arrayOf({ type: 'object' }, 'Secrets pods running as this service account may use.'),
      automountServiceAccountToken: bool('Whether pods get an API token mounted.'),
    },
  ),
  [`${CORE}.Event`]: kindSchema(
    'Event is a report of an event somewhere in the cluster.',
    '',
    'v1',
    'Event',
    {
      involvedObject: {
        type: 'object',
        description: 'The object this event is about.',
        properties: {
          kind: str('Kind.'),
          name: str('Name.'),
          namespace: str('Namespace.'),
          uid: str('UID.'),
        },
      },
      reason: str('Short, machine understandable reason for the transition.'),
      message: str('Human-readable description of the status of this operation.'),
      type: str('Normal or Warning.'),
      count: int('Number of times this event has occurred.'),
    },
    ['metadata', 'involvedObject'],
  ),
  [`${CORE}.Service`]: kindSchema(
    'Service is a named abstraction of a software service.',
    '',
    'v1',
    'Service',
    {
      spec: { type: 'object', description: 'Behavior of the service.' },
      status: { type: 'object', description: 'Most recently observed status of the service.' },
    },
  ),
};
