import { z } from 'zod';
import { IPPoolSchema, NAD_API_VERSION, SRIOV_API_VERSION, type IPPool } from '../model';
import { record } from './issues';

/** An IPAM object found in a document, and where it came from. */
export interface IpamSource {
  ipam: Record<string, unknown>;
  /** For messages: `SriovIBNetwork default/ib1`, `NetworkAttachmentDefinition ns/nad`, `IPAM object`. */
  origin: string;
  /** Name of the network object it came from (absent for a bare IPAM object). */
  name?: string;
}

/** A document that should have held an IPAM config but could not be read. */
export interface IpamSourceError {
  origin: string;
  name?: string;
  error: string;
}

/**
 * The IPAM config a document carries: a SriovIBNetwork/SriovNetwork (`spec.ipam` JSON text), a
 * NetworkAttachmentDefinition (`ipam` inside `spec.config`, or inside its first plugin that has
 * one), or a bare IPAM object (`{"type": "whereabouts", …}`). Undefined for other documents.
 */
export function ipamFromDocument(doc: unknown): IpamSource | IpamSourceError | undefined {
  const obj = record(doc);
  if (!obj) return undefined;
  const metadata = record(obj.metadata);
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata?.namespace === 'string' ? `${metadata.namespace}/` : '';
  const origin = `${String(obj.kind)} ${namespace}${name ?? '(unnamed)'}`;
  const spec = record(obj.spec);

  if (
    obj.apiVersion === SRIOV_API_VERSION &&
    (obj.kind === 'SriovIBNetwork' || obj.kind === 'SriovNetwork')
  ) {
    if (spec?.ipam === undefined || spec.ipam === '') return withName({ ipam: {}, origin }, name);
    return fromJsonText(spec.ipam, 'spec.ipam', origin, name, (parsed) => record(parsed));
  }

  if (obj.apiVersion === NAD_API_VERSION && obj.kind === 'NetworkAttachmentDefinition') {
    return fromJsonText(spec?.config ?? '{}', 'spec.config', origin, name, (parsed) => {
      const config = record(parsed);
      const plugins = Array.isArray(config?.plugins) ? config.plugins : [];
      const holder = [config, ...plugins.map(record)].find((p) => record(p?.ipam) !== undefined);
      return record(holder?.ipam) ?? {};
    });
  }

  if (obj.apiVersion === undefined && obj.kind === undefined && typeof obj.type === 'string') {
    return { ipam: obj, origin: 'IPAM object' };
  }
  return undefined;
}

/**
 * The IPPools in a list of documents; `List` objects (and `IPPoolList`) are unpacked. Documents
 * of other kinds are skipped; IPPools that do not match the schema are reported in `errors`.
 */
export function poolsFromDocuments(docs: readonly unknown[]): {
  pools: IPPool[];
  errors: string[];
} {
  const pools: IPPool[] = [];
  const errors: string[] = [];
  const visit = (doc: unknown, where: string) => {
    const obj = record(doc);
    if (!obj) return;
    if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
      obj.items.forEach((item, i) => visit(item, `${where} item ${i}`));
      return;
    }
    if (obj.kind !== 'IPPool') return;
    const parsed = IPPoolSchema.safeParse(obj);
    if (parsed.success) pools.push(parsed.data);
    else
      errors.push(
        `${where}: not a valid IPPool: ${z.prettifyError(parsed.error).replaceAll('\n', '; ')}`,
      );
  };
  docs.forEach((doc, i) => visit(doc, `document ${i + 1}`));
  return { pools, errors };
}

function fromJsonText(
  raw: unknown,
  field: string,
  origin: string,
  name: string | undefined,
  pick: (parsed: unknown) => Record<string, unknown> | undefined,
): IpamSource | IpamSourceError {
  if (typeof raw !== 'string') {
    return withName({ origin, error: `${field} must be JSON text inside a string` }, name);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return withName({ origin, error: `${field} is not valid JSON: ${why}` }, name);
  }
  const ipam = pick(parsed);
  if (!ipam) return withName({ origin, error: `${field} does not hold a JSON object` }, name);
  return withName({ ipam, origin }, name);
}

function withName<T extends { origin: string }>(
  value: T,
  name: string | undefined,
): T & { name?: string } {
  return name === undefined ? value : { ...value, name };
}
