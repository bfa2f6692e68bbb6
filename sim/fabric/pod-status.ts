import { createHash } from 'node:crypto';
import type { KubeObject } from '../../lib/model';

/** The parts of a Pod the simulated scheduler and kubelet read. */
export interface PodObject extends KubeObject {
  spec?: {
    nodeName?: string;
    schedulerName?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: string; effect?: string }[];
    containers?: {
      name: string;
      image?: string;
      resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    podIP?: string;
  };
}

type Condition = {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
};

function condition(type: string, ok: boolean, now: string, reason?: string, message?: string) {
  const c: Condition = {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** A stable 64-hex ID (container and sandbox IDs look like CRI-O's). */
export function hexId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex');
}

/** Status of a pod no node can take. */
export function unschedulableStatus(pod: PodObject, message: string, now: string) {
  return {
    phase: 'Pending',
    conditions: [condition('PodScheduled', false, now, 'Unschedulable', message)],
    qosClass: qosOf(pod),
  };
}

/** Status while the sandbox (and so the pod's networks) cannot be created. */
export function containerCreatingStatus(
  pod: PodObject,
  hostIP: string,
  startTime: string,
  now: string,
) {
  const containers = pod.spec?.containers ?? [];
  return {
    phase: 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', false, now),
      condition('Initialized', true, now),
      condition(
        'Ready',
        false,
        now,
        'ContainersNotReady',
        `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
      ),
      condition(
        'ContainersReady',
        false,
        now,
        'ContainersNotReady',
        `containers with unready status: [${containers.map((c) => c.name).join(' ')}]`,
      ),
      condition('PodScheduled', true, now),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime,
    qosClass: qosOf(pod),
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
  };
}

/** Status of a pod whose sandbox and containers are up. */
export function runningStatus(
  pod: PodObject,
  hostIP: string,
  podIP: string,
  startTime: string,
  now: string,
) {
  const uid = pod.metadata.uid ?? '';
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true, now),
      condition('Initialized', true, now),
      condition('Ready', true, now),
      condition('ContainersReady', true, now),
      condition('PodScheduled', true, now),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime,
    qosClass: qosOf(pod),
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: `${(c.image ?? 'image').split(':')[0]}@sha256:${hexId('image', c.image ?? '')}`,
      containerID: `cri-o://${hexId(uid, c.name)}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
      lastState: {},
    })),
  };
}

/** Status of a pod kubelet refused at admission (its devices were gone). */
export function admissionFailedStatus(pod: PodObject, message: string, now: string) {
  return {
    phase: 'Failed',
    reason: 'UnexpectedAdmissionError',
    message,
    startTime: now,
    qosClass: qosOf(pod),
  };
}

function qosOf(pod: PodObject): string {
  const containers = pod.spec?.containers ?? [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    if (Object.keys(limits).length + Object.keys(requests).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) {
        guaranteed = false;
      }
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
