import { toYaml } from '@/components/editor/yaml-edit';

/** Fields the cluster fills in: dropped from downloads and commands so they apply anywhere. */
const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** A network object as a person would keep it in a repository: no status, no server fields. */
export function portableObject(object: Record<string, unknown>): Record<string, unknown> {
  const meta = Object.fromEntries(
    Object.entries((object.metadata as Record<string, unknown> | undefined) ?? {}).filter(
      ([key]) => !SERVER_METADATA.includes(key),
    ),
  );
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _last, ...others } = annotations;
    if (Object.keys(others).length > 0) meta.annotations = others;
    else delete meta.annotations;
  }
  // Same key order as the object (apiVersion, kind, metadata, spec), without status.
  return Object.fromEntries(
    Object.entries(object)
      .filter(([key]) => key !== 'status')
      .map(([key, value]) => [key, key === 'metadata' ? meta : value]),
  );
}

/** YAML to edit an object with: portable, but keeping the resourceVersion the edit is based on. */
export function editableYaml(object: Record<string, unknown>): string {
  const portable = portableObject(object);
  const version = (object.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  if (typeof version === 'string') {
    portable.metadata = {
      ...(portable.metadata as Record<string, unknown>),
      resourceVersion: version,
    };
  }
  return toYaml(portable);
}

/** YAML of a portable object. */
export function portableYaml(object: Record<string, unknown>): string {
  return toYaml(portableObject(object));
}

/**
 * A shell command that applies the YAML as it is: `kubectl apply -f - <<'EOF' … EOF`. The
 * quoted delimiter keeps the shell from expanding `$` and backticks; a delimiter that occurs
 * in the text as a line of its own is replaced by one that does not.
 */
export function applyCommand(yaml: string, tool: 'kubectl' | 'oc' = 'kubectl'): string {
  const lines = new Set(yaml.split('\n').map((l) => l.trim()));
  let delimiter = 'EOF';
  for (let i = 1; lines.has(delimiter); i++) delimiter = `EOF_${i}`;
  const body = yaml.endsWith('\n') ? yaml : `${yaml}\n`;
  return `${tool} apply -f - <<'${delimiter}'\n${body}${delimiter}\n`;
}

/** A file name for a downloaded network: `<namespace>-<name>.yaml`. */
export function downloadName(namespace: string, name: string): string {
  const safe = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-') || 'network';
  return `${safe(namespace)}-${safe(name)}.yaml`;
}
