import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IPPool, WhereaboutsIpam } from '../model';
import { formatValue, toAddress, type IpFamily } from './address';
import { checkIpam } from './check';
import { IpamError, IpamExhaustedError } from './errors';
import { HostLocalAllocator } from './host-local';
import { parseHostLocalRanges } from './host-local-config';
import { staticAddresses } from './static';
import type { AllocatedSet } from './types';
import { nextAddresses } from './whereabouts-alloc';
import { parseWhereaboutsRanges } from './whereabouts-config';

/** A random small range, with start/end/excludes/allocations that may or may not make sense. */
function scenario(family: IpFamily) {
  const bits = family === 4 ? 32 : 128;
  const base = family === 4 ? toAddress('10.20.0.0').value : toAddress('2001:db8:5::').value;
  return fc
    .record({
      hostBits: fc.integer({ min: 2, max: 8 }),
      block: fc.integer({ min: 0, max: 63 }),
      start: fc.option(fc.integer({ min: -20, max: 300 }), { nil: undefined }),
      end: fc.option(fc.integer({ min: -20, max: 300 }), { nil: undefined }),
      excludes: fc.array(
        fc.record({
          at: fc.integer({ min: -8, max: 300 }),
          length: fc.integer({ min: 0, max: 6 }),
        }),
        { maxLength: 4 },
      ),
      taken: fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 40 }),
      reserved: fc.array(fc.integer({ min: -5, max: 300 }), { maxLength: 5 }),
      count: fc.integer({ min: 1, max: 30 }),
    })
    .map((s) => {
      const size = 1n << BigInt(s.hostBits);
      const network = base + BigInt(s.block) * size;
      const at = (offset: number) => formatValue(family, network + BigInt(offset));
      const range: WhereaboutsIpam['ipRanges'] = [
        {
          range: `${at(0)}/${bits - s.hostBits}`,
          ...(s.start === undefined ? {} : { range_start: at(s.start) }),
          ...(s.end === undefined ? {} : { range_end: at(s.end) }),
          exclude: s.excludes.map((e) =>
            e.length === 0 ? at(e.at) : `${at(e.at)}/${bits - e.length}`,
          ),
        },
      ];
      const allocations: IPPool['spec']['allocations'] = {};
      for (const offset of s.taken) {
        if (BigInt(offset) < size) allocations[String(offset)] = { id: `c${offset}` };
      }
      const cidr = `${at(0)}/${bits - s.hostBits}`;
      const pool: IPPool = {
        apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
        kind: 'IPPool',
        metadata: { name: cidr.replaceAll(':', '-').replaceAll('/', '-') },
        spec: { range: cidr, allocations },
      };
      return {
        cfg: { type: 'whereabouts', ipRanges: range } as WhereaboutsIpam,
        pool,
        reserved: s.reserved.map(at),
        count: s.count,
        network,
        size,
      };
    });
}

function run(cfg: WhereaboutsIpam, existing: Parameters<typeof nextAddresses>[1], count: number) {
  try {
    return { sets: nextAddresses(cfg, existing, count).addresses, exhausted: false };
  } catch (err) {
    if (err instanceof IpamExhaustedError) return { sets: err.allocated, exhausted: true };
    throw err;
  }
}

describe.each([4, 6] as const)('whereabouts allocation, IPv%i', (family) => {
  it('never hands out the network, all-ones, excluded, taken or duplicate addresses, and always the lowest free', () => {
    fc.assert(
      fc.property(scenario(family), ({ cfg, pool, reserved, count, network, size }) => {
        const [range] = parseWhereaboutsRanges(cfg).ranges;
        expect(range).toBeDefined();
        if (!range) return;
        const { sets, exhausted } = run(cfg, { pools: [pool], reserved }, count);

        const blocked = (value: bigint) =>
          range.excludes.some((e) => e.family === family && value >= e.first && value <= e.last) ||
          pool.spec.allocations[String(value - network)] !== undefined ||
          reserved.some((r) => toAddress(r).value === value);
        const handed = sets.flatMap((s: AllocatedSet) => s.ips.map((a) => toAddress(a.ip).value));

        expect(new Set(handed).size).toBe(handed.length);
        let expected = range.first;
        for (const value of handed) {
          expect(value).toBeGreaterThan(network);
          expect(value).toBeLessThan(network + size - 1n);
          expect(blocked(value)).toBe(false);
          // Lowest free: everything skipped since the previous pick was blocked.
          for (let skipped = expected; skipped < value; skipped++)
            expect(blocked(skipped)).toBe(true);
          expected = value + 1n;
        }
        if (exhausted) {
          for (let rest = expected; rest <= range.last; rest++) expect(blocked(rest)).toBe(true);
        } else {
          expect(handed).toHaveLength(count);
        }
      }),
      { numRuns: 300 },
    );
  });
});

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '10.0.0.0/24',
    '10.0.0.5',
    '10.0.0.10-10.0.0.20/24',
    '010.0.0.1',
    '2001:db8::/64',
    '::/0',
    '0.0.0.0/0',
    'fe80::1%eth0',
    '10.0.0.0/33',
    '-',
    '/',
    '',
  ),
);
const value = fc.oneof(text, fc.anything(), fc.array(text, { maxLength: 3 }));
const loose = (keys: string[]) =>
  fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });

const whereaboutsKeys = [
  'range',
  'range_start',
  'range_end',
  'exclude',
  'network_name',
  'gateway',
  'enable_overlapping_ranges',
  'routes',
  'dns',
  'node_slice_size',
];

describe('robustness on arbitrary config objects', () => {
  it('never throws from the checks; allocation fails only with typed IPAM errors', () => {
    const ranges = fc.array(loose(['range', 'range_start', 'range_end', 'exclude']), {
      maxLength: 3,
    });
    const config = fc
      .record({ fields: loose(whereaboutsKeys), ipRanges: fc.oneof(ranges, fc.anything()) })
      .map(({ fields, ipRanges }) => ({ ...fields, type: 'whereabouts', ipRanges }));

    fc.assert(
      fc.property(config, (cfg) => {
        expect(Array.isArray(checkIpam(cfg, { multiNode: true }))).toBe(true);
        const parsed = parseWhereaboutsRanges(cfg as WhereaboutsIpam);
        expect(parsed.blocking.every((b) => parsed.issues.includes(b))).toBe(true);
        for (const found of parsed.issues) expect(found.message.length).toBeGreaterThan(20);
        try {
          nextAddresses(cfg as WhereaboutsIpam, {}, 2);
        } catch (err) {
          expect(err).toBeInstanceOf(IpamError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws from the static and host-local readers', () => {
    const entry = loose(['subnet', 'rangeStart', 'rangeEnd', 'gateway', 'address']);
    const config = fc
      .record({
        fields: loose(['subnet', 'rangeStart', 'rangeEnd', 'gateway', 'routes', 'dns']),
        ranges: fc.oneof(
          fc.array(fc.array(entry, { maxLength: 2 }), { maxLength: 2 }),
          fc.anything(),
        ),
        addresses: fc.oneof(fc.array(entry, { maxLength: 3 }), fc.anything()),
        type: fc.constantFrom('static', 'host-local'),
      })
      .map(({ fields, ...rest }) => ({ ...fields, ...rest }));

    fc.assert(
      fc.property(config, fc.array(text, { maxLength: 2 }), (cfg, podIps) => {
        expect(Array.isArray(checkIpam(cfg))).toBe(true);
        expect(Array.isArray(staticAddresses(cfg as never, podIps).addresses)).toBe(true);
        expect(Array.isArray(parseHostLocalRanges(cfg as never).rangeSets)).toBe(true);
        try {
          new HostLocalAllocator(cfg as never).allocate('c', 'net1');
        } catch (err) {
          expect(err).toBeInstanceOf(IpamError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns nothing for values that are not IPAM objects', () => {
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        expect(Array.isArray(checkIpam(anything))).toBe(true);
      }),
    );
  });
});
