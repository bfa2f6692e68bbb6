import { getPath, isPlainObject, type KubeObject } from './object';

/**
 * What kube's registry strategies and defaulting do to built-in objects on create: server-set
 * defaults and reset status. Only the fields clients commonly read back are filled.
 */

type Obj = Record<string, unknown>;

function setDefault(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

function containerDefaults(c: unknown): void {
  if (!isPlainObject(c)) return;
  const image = typeof c.image === 'string' ? c.image : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  setDefault(c, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  if (Array.isArray(c.ports)) {
    for (const p of c.ports) if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
  }
}

/** Pod spec defaults, shared by pods and workload templates. */
export function podSpecDefaults(spec: unknown): void {
  if (!isPlainObject(spec)) return;
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.serviceAccountName === undefined)
    spec.serviceAccountName = spec.serviceAccount ?? 'default';
  setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  for (const list of ['initContainers', 'containers']) {
    const items = spec[list];
    if (Array.isArray(items)) items.forEach(containerDefaults);
  }
}

function qosClass(spec: unknown): string {
  const containers = (getPath(spec, ['containers']) ?? []) as unknown[];
  let anySet = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const limits = (getPath(c, ['resources', 'limits']) ?? {}) as Obj;
    const requests = (getPath(c, ['resources', 'requests']) ?? {}) as Obj;
    if (Object.keys(limits).length > 0 || Object.keys(requests).length > 0) anySet = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) {
        guaranteed = false;
      }
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

let nextServiceIp = 1;

/** Applies the create-time strategy of a built-in: defaults, reset status, namespace finalizer. */
export function prepareBuiltinForCreate(obj: KubeObject, storageKey: string): void {
  const o = obj as Obj;
  switch (storageKey) {
    case 'namespaces': {
      const spec = (isPlainObject(o.spec) ? o.spec : {}) as Obj;
      setDefault(spec, 'finalizers', ['kubernetes']);
      o.spec = spec;
      o.status = { phase: 'Active' };
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': obj.metadata.name ?? '',
      };
      break;
    }
    case 'pods': {
      podSpecDefaults(o.spec);
      const spec = o.spec as Obj;
      setDefault(spec, 'priority', 0);
      setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
      setDefault(spec, 'tolerations', [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ]);
      o.status = { phase: 'Pending', qosClass: qosClass(o.spec) };
      break;
    }
    case 'services': {
      const spec = (isPlainObject(o.spec) ? o.spec : {}) as Obj;
      o.spec = spec;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      if (spec.clusterIP === undefined) {
        const n = nextServiceIp++;
        spec.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255 || 1}`;
      }
      setDefault(spec, 'clusterIPs', [spec.clusterIP]);
      setDefault(spec, 'ipFamilies', ['IPv4']);
      setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
      setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      if (Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          if (!isPlainObject(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p.port);
        }
      }
      o.status = { loadBalancer: {} };
      break;
    }
    case 'deployments.apps': {
      const spec = (isPlainObject(o.spec) ? o.spec : {}) as Obj;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      });
      podSpecDefaults(getPath(spec, ['template', 'spec']));
      o.status = {};
      break;
    }
    case 'daemonsets.apps': {
      const spec = (isPlainObject(o.spec) ? o.spec : {}) as Obj;
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      });
      podSpecDefaults(getPath(spec, ['template', 'spec']));
      o.status = {
        currentNumberScheduled: 0,
        desiredNumberScheduled: 0,
        numberMisscheduled: 0,
        numberReady: 0,
      };
      break;
    }
    case 'secrets':
      if (!o.type) o.type = 'Opaque';
      if (isPlainObject(o.stringData)) {
        const data = (isPlainObject(o.data) ? o.data : {}) as Obj;
        for (const [k, v] of Object.entries(o.stringData))
          data[k] = Buffer.from(String(v)).toString('base64');
        o.data = data;
        delete o.stringData;
      }
      break;
    case 'rolebindings.rbac.authorization.k8s.io':
    case 'clusterrolebindings.rbac.authorization.k8s.io':
      bindingDefaults(o);
      break;
    case 'customresourcedefinitions.apiextensions.k8s.io': {
      const spec = o.spec as Obj;
      if (isPlainObject(spec)) setDefault(spec, 'conversion', { strategy: 'None' });
      break;
    }
  }
}

/** Update-time defaults for fields a client may have dropped (stringData, subject groups). */
export function prepareBuiltinForUpdate(obj: KubeObject, storageKey: string): void {
  const o = obj as Obj;
  if (storageKey === 'secrets' && isPlainObject(o.stringData)) {
    const data = (isPlainObject(o.data) ? o.data : {}) as Obj;
    for (const [k, v] of Object.entries(o.stringData))
      data[k] = Buffer.from(String(v)).toString('base64');
    o.data = data;
    delete o.stringData;
  }
  if (storageKey.startsWith('rolebindings.') || storageKey.startsWith('clusterrolebindings.')) {
    bindingDefaults(o);
  }
  if (storageKey === 'pods') podSpecDefaults(o.spec);
}

function bindingDefaults(o: Obj): void {
  if (!Array.isArray(o.subjects)) return;
  for (const s of o.subjects) {
    if (!isPlainObject(s)) continue;
    if (s.kind === 'ServiceAccount') setDefault(s, 'apiGroup', '');
    else setDefault(s, 'apiGroup', 'rbac.authorization.k8s.io');
  }
}

/**
 * Whether an update bumps metadata.generation: a spec change for kinds with a spec, any change
 * outside metadata and status for the others.
 */
export function generationChanged(oldObj: KubeObject, newObj: KubeObject): boolean {
  const strip = (o: KubeObject): string => {
    const rest: Obj = {};
    for (const [k, v] of Object.entries(o)) {
      if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
    }
    return JSON.stringify(sortKeys(rest));
  };
  if ('spec' in oldObj || 'spec' in newObj) {
    return JSON.stringify(sortKeys(oldObj.spec)) !== JSON.stringify(sortKeys(newObj.spec));
  }
  return strip(oldObj) !== strip(newObj);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isPlainObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}
