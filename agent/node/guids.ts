import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatGuid, guidToBigInt, parseGuid } from '../../lib/annotations/guid';
import { GuidPoolError } from './errors';
import type { SysfsPf } from './sysfs';

/**
 * First byte of every derived VF GUID: the locally administered bit (0x02) set and the group bit
 * (0x01) clear. Vendors burn GUIDs from their OUI, whose first byte always has 0x02 clear, so a
 * derived GUID can never equal a GUID burnt into any adapter.
 */
export const DERIVED_GUID_PREFIX = 0x02;

/** VF indexes fit the two low bytes of a derived GUID (PCIe allows at most 65535 VFs per PF). */
const MAX_VF_INDEX = 0xffff;

/** Five bytes that spread an OUI over the serial, so serials of different OUIs do not line up. */
function ouiMask(oui: number[]): number[] {
  return [...createHash('sha256').update(Buffer.from(oui)).digest().subarray(0, 5)];
}

/**
 * The GUID of VF `vfIndex` of the PF whose own GUID is `pfGuid`, when no pool file names it:
 *
 *     02 : (pf[3..7] XOR sha256(pf[0..2])[0..4]) : index >> 8 : index & 0xff
 *
 * The PF GUID is an EUI-64: a 3-byte OUI and a 5-byte serial. The serial, XORed with a mask drawn
 * from the OUI, fills bytes 1–5; the VF index fills bytes 6–7. For PFs under one OUI the mapping
 * is one-to-one (XOR with a constant), so the GUIDs are unique by construction; vendors with
 * several OUIs allocate serials in each, and the mask keeps equal serials under different OUIs
 * from giving equal GUIDs. The result is stable (same adapter, same VF index, same GUID, across
 * restarts, 0 → N → 0 → N and reboots) and never all zeros or all ff (the first byte is 0x02).
 */
export function derivedVfGuid(pfGuid: string, vfIndex: number): string {
  const parsed = parseGuid(pfGuid);
  if (!parsed.ok) throw new RangeError(`cannot derive VF GUIDs from ${pfGuid}: ${parsed.message}`);
  if (!Number.isInteger(vfIndex) || vfIndex < 0 || vfIndex > MAX_VF_INDEX) {
    throw new RangeError(`VF index ${vfIndex} is outside 0..${MAX_VF_INDEX}`);
  }
  const pf = parsed.bytes;
  const mask = ouiMask(pf.slice(0, 3));
  const serial = pf.slice(3, 8).map((b, i) => b ^ (mask[i] ?? 0));
  return formatGuid([DERIVED_GUID_PREFIX, ...serial, (vfIndex >> 8) & 0xff, vfIndex & 0xff]);
}

/** The GUID the PF is known by: its node GUID, else the port GUID from its IPoIB address. */
export function pfIdentityGuid(pf: SysfsPf): string | undefined {
  for (const g of [pf.nodeGuid, pf.portGuid]) if (g && parseGuid(g).ok) return g;
  return undefined;
}

// The upstream file format: one entry per PF, named by PCI address or PF GUID, with a list or an
// inclusive range of VF GUIDs. VF n takes the n-th GUID.
const PoolEntrySchema = z
  .object({
    pciAddress: z.string().optional(),
    pfGuid: z.string().optional(),
    guids: z.array(z.string()).optional(),
    guidsRange: z.object({ start: z.string(), end: z.string() }).strict().optional(),
  })
  .strict();
const PoolFileSchema = z.array(PoolEntrySchema);
type PoolEntry = z.infer<typeof PoolEntrySchema>;

/** One PF's GUIDs from the pool file. */
export interface PoolGuids {
  /** How the entry names the PF, for messages: `pciAddress 0000:3b:00.0` or `pfGuid …`. */
  entry: string;
  count: bigint;
  /** GUID of VF `index`, or undefined past the end of the list or range. */
  at(index: number): string | undefined;
}

/** A parsed pool file: entries by PCI address and by PF GUID. */
export interface GuidPool {
  file: string;
  byPci: Map<string, PoolGuids>;
  byPfGuid: Map<string, PoolGuids>;
}

function describeEntry(e: PoolEntry, i: number): string {
  if (e.pciAddress) return `entry ${i + 1} (pciAddress ${e.pciAddress})`;
  if (e.pfGuid) return `entry ${i + 1} (pfGuid ${e.pfGuid})`;
  return `entry ${i + 1}`;
}

function guidOrThrow(file: string, where: string, text: string): string {
  const parsed = parseGuid(text);
  if (!parsed.ok) throw new GuidPoolError(file, `${where}: ${parsed.message}`);
  return parsed.guid;
}

function poolGuids(file: string, e: PoolEntry, where: string): PoolGuids {
  const hasList = e.guids !== undefined && e.guids.length > 0;
  if (hasList === (e.guidsRange !== undefined)) {
    throw new GuidPoolError(
      file,
      `${where} must have either "guids" (a non-empty list) or "guidsRange" ({"start", "end"}), ${hasList ? 'not both' : 'it has neither'}`,
    );
  }
  if (hasList) {
    const list = (e.guids ?? []).map((g, n) => guidOrThrow(file, `${where} guids[${n}]`, g));
    return { entry: where, count: BigInt(list.length), at: (i) => list[i] };
  }
  const range = e.guidsRange as { start: string; end: string };
  const start = guidToBigInt(guidOrThrow(file, `${where} guidsRange.start`, range.start)) ?? 0n;
  const end = guidToBigInt(guidOrThrow(file, `${where} guidsRange.end`, range.end)) ?? 0n;
  if (end < start) {
    throw new GuidPoolError(
      file,
      `${where}: guidsRange.end ${range.end} comes before start ${range.start}; swap them`,
    );
  }
  const count = end - start + 1n;
  return {
    entry: where,
    count,
    at: (i) => (BigInt(i) < count ? formatGuid(start + BigInt(i)) : undefined),
  };
}

/** All GUIDs of an entry as numbers, for the overlap check (ranges as one interval). */
function intervals(p: PoolGuids): [bigint, bigint][] {
  if (p.count > 4096n) {
    const first = guidToBigInt(p.at(0) ?? '') ?? 0n;
    return [[first, first + p.count - 1n]];
  }
  return Array.from({ length: Number(p.count) }, (_, i) => {
    const v = guidToBigInt(p.at(i) ?? '') ?? 0n;
    return [v, v] as [bigint, bigint];
  });
}

/**
 * Parses a pool file's text. Stricter than upstream on purpose: a PF named twice, an entry naming
 * its PF both ways, or a GUID given to two VFs is refused rather than silently resolved.
 */
export function parseGuidPool(file: string, text: string): GuidPool {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GuidPoolError(file, `is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = PoolFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new GuidPoolError(
      file,
      `does not follow the format [{"pciAddress"|"pfGuid", "guids": [...] | "guidsRange": {"start", "end"}}]${at}: ${issue?.message ?? 'invalid'}`,
    );
  }

  const pool: GuidPool = { file, byPci: new Map(), byPfGuid: new Map() };
  const seen: { where: string; spans: [bigint, bigint][] }[] = [];
  parsed.data.forEach((e, i) => {
    const where = describeEntry(e, i);
    if (Boolean(e.pciAddress) === Boolean(e.pfGuid)) {
      throw new GuidPoolError(
        file,
        `${where} must name its PF by "pciAddress" or by "pfGuid", ${e.pciAddress ? 'not both' : 'it has neither'}`,
      );
    }
    const guids = poolGuids(file, e, where);
    const key = e.pciAddress
      ? e.pciAddress.toLowerCase()
      : guidOrThrow(file, `${where} pfGuid`, e.pfGuid ?? '');
    const map = e.pciAddress ? pool.byPci : pool.byPfGuid;
    const earlier = map.get(key);
    if (earlier) {
      throw new GuidPoolError(file, `${where} names the same PF as ${earlier.entry}; merge them`);
    }
    const spans = intervals(guids);
    for (const other of seen) {
      const clash = spans.find(([a, b]) => other.spans.some(([c, d]) => a <= d && c <= b));
      if (clash) {
        throw new GuidPoolError(
          file,
          `${where} and ${other.where} share GUID ${formatGuid(clash[0])}; every VF needs its own GUID`,
        );
      }
    }
    seen.push({ where, spans });
    map.set(key, guids);
  });
  return pool;
}

/** Reads and parses the pool file; a missing or broken file is a GuidPoolError saying so. */
export async function loadGuidPool(file: string): Promise<GuidPool> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new GuidPoolError(
      file,
      `cannot be read (${(err as Error).message}); check --guid-pool and that the file is mounted into the agent's container`,
      { cause: err },
    );
  }
  return parseGuidPool(file, text);
}

/** Where a PF's VF GUIDs come from: a pool entry, or derived from the PF's own GUID. */
export type GuidSource =
  | { kind: 'pool'; guids: PoolGuids }
  | { kind: 'derived'; pfGuid: string }
  | { kind: 'none'; why: string };

/** Picks the source for one PF: its pool entry by PCI address, then by PF GUID, else derivation. */
export function guidSourceFor(pf: SysfsPf, pool: GuidPool | undefined): GuidSource {
  const identity = pfIdentityGuid(pf);
  const fromPool =
    pool?.byPci.get(pf.pciAddress) ??
    [pf.nodeGuid, pf.portGuid]
      .map((g) => (g ? pool?.byPfGuid.get(g) : undefined))
      .find((p) => p !== undefined);
  if (fromPool) return { kind: 'pool', guids: fromPool };
  if (identity) return { kind: 'derived', pfGuid: identity };
  return {
    kind: 'none',
    why: `PF ${pf.netdev ?? pf.pciAddress} shows no GUID of its own in sysfs to derive VF GUIDs from; list it in a --guid-pool file`,
  };
}

/** The GUID VF `index` gets from `source`, or undefined when the source has too few. */
export function vfGuid(source: GuidSource, index: number): string | undefined {
  if (source.kind === 'pool') return source.guids.at(index);
  if (source.kind === 'derived') return derivedVfGuid(source.pfGuid, index);
  return undefined;
}
