import { jsonValue, parseJsonText } from '../annotations/json-text';
import type { KnownNetwork } from './context';

type Plain = Record<string, unknown>;

const record = (value: unknown): Plain | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Plain)
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Parses JSON text quietly: the rules report its errors, this only needs the values. */
function quietJson(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = parseJsonText(value);
  return parsed.root ? jsonValue(parsed.root) : undefined;
}

function booleans(value: unknown): Record<string, boolean> | undefined {
  const object = record(value);
  if (!object) return undefined;
  const out: Record<string, boolean> = {};
  for (const [key, flag] of Object.entries(object)) if (typeof flag === 'boolean') out[key] = flag;
  return out;
}

/**
 * What the validator needs to know about a network for pod cross-checks, from a SriovIBNetwork,
 * SriovNetwork or NetworkAttachmentDefinition as the cluster returns it (or as written in a file).
 * Undefined for anything else. The console passes these as `knownNetworks`.
 */
export function knownNetworkFrom(object: unknown): KnownNetwork | undefined {
  const o = record(object);
  const metadata = record(o?.metadata);
  const spec = record(o?.spec);
  const name = text(metadata?.name);
  if (!o || !name) return undefined;
  const ownNamespace = text(metadata?.namespace);

  if (o.kind === 'SriovIBNetwork' || o.kind === 'SriovNetwork') {
    const namespace = text(spec?.networkNamespace) ?? ownNamespace;
    const capabilities = booleans(quietJson(spec?.capabilities));
    const ipamType = text(record(quietJson(spec?.ipam))?.type);
    return {
      name,
      kind: o.kind,
      cniType: o.kind === 'SriovIBNetwork' ? 'ib-sriov' : 'sriov',
      ...(namespace ? { namespace } : {}),
      ...(capabilities ? { capabilities } : {}),
      ...(ipamType ? { ipamType } : {}),
    };
  }

  if (o.kind === 'NetworkAttachmentDefinition') {
    const config = record(quietJson(spec?.config));
    const plugins = Array.isArray(config?.plugins) ? config.plugins : undefined;
    const main = record(plugins ? plugins[0] : config);
    const capabilities = booleans(main?.capabilities);
    const ipamType = text(record(main?.ipam)?.type);
    const cniType = text(main?.type);
    return {
      name,
      kind: 'NetworkAttachmentDefinition',
      ...(ownNamespace ? { namespace: ownNamespace } : {}),
      ...(capabilities ? { capabilities } : {}),
      ...(ipamType ? { ipamType } : {}),
      ...(cniType ? { cniType } : {}),
    };
  }
  return undefined;
}
