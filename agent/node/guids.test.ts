import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGuid, parseGuid } from '../../lib/annotations/guid';
import { GuidPoolError } from './errors';
import { derivedVfGuid, guidSourceFor, loadGuidPool, parseGuidPool, vfGuid } from './guids';
import type { SysfsPf } from './sysfs';

const PF_GUID = '0c:42:a1:03:00:12:34:00';

function pf(over: Partial<SysfsPf> = {}): SysfsPf {
  return {
    pciAddress: '0000:3b:00.0',
    vendor: '15b3',
    deviceID: '1021',
    netdev: 'ibp59s0',
    linkType: 'IB',
    numVfs: 0,
    totalVfs: 16,
    nodeGuid: PF_GUID,
    vfs: [],
    ...over,
  };
}

const guidBytes = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 });
const usableGuid = guidBytes.filter((b) => parseGuid(formatGuid(b)).ok).map(formatGuid);

describe('derivedVfGuid', () => {
  it('masks the PF serial with its OUI and appends the VF index behind 02', () => {
    const mask = createHash('sha256')
      .update(Buffer.from([0x0c, 0x42, 0xa1]))
      .digest();
    const serial = [0x03, 0x00, 0x12, 0x34, 0x00].map((b, i) => b ^ (mask[i] ?? 0));
    expect(derivedVfGuid(PF_GUID, 0)).toBe(formatGuid([0x02, ...serial, 0, 0]));
    expect(derivedVfGuid(PF_GUID, 300)).toBe(formatGuid([0x02, ...serial, 0x01, 0x2c]));
    // sysfs prints GUIDs in 16-bit groups; the derivation does not care.
    expect(derivedVfGuid('0c42:a103:0012:3400', 7)).toBe(formatGuid([0x02, ...serial, 0, 7]));
  });

  it('is never all zeros or all ff, and never a vendor-burnt (universal) GUID', () => {
    fc.assert(
      fc.property(usableGuid, fc.integer({ min: 0, max: 0xffff }), (pfGuid, index) => {
        const guid = derivedVfGuid(pfGuid, index);
        const parsed = parseGuid(guid);
        expect(parsed.ok).toBe(true);
        const first = parsed.ok ? (parsed.bytes[0] ?? 0) : 0;
        // Locally administered bit set, group bit clear.
        expect(first & 0x02).toBe(0x02);
        expect(first & 0x01).toBe(0);
      }),
    );
  });

  it('gives every VF of every PF under one OUI a GUID of its own', () => {
    const serial = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 5, maxLength: 5 });
    const oui = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        oui.filter((o) => o.some((b) => b !== 0) && o.some((b) => b !== 0xff)),
        serial,
        serial,
        fc.integer({ min: 0, max: 127 }),
        fc.integer({ min: 0, max: 127 }),
        (o, s1, s2, i, j) => {
          const a = derivedVfGuid(formatGuid([...o, ...s1]), i);
          const b = derivedVfGuid(formatGuid([...o, ...s2]), j);
          expect(a === b).toBe(s1.join() === s2.join() && i === j);
        },
      ),
    );
  });

  it('does not line up equal serials under different OUIs', () => {
    // NVIDIA burns GUIDs under several OUIs with serials from the same sequence.
    expect(derivedVfGuid('0c:42:a1:03:00:d5:3a:4c', 0)).not.toBe(
      derivedVfGuid('b8:59:9f:03:00:d5:3a:4c', 0),
    );
  });

  it('refuses a PF GUID that cannot identify anything', () => {
    expect(() => derivedVfGuid('00:00:00:00:00:00:00:00', 0)).toThrow(/all zeros/);
    expect(() => derivedVfGuid(PF_GUID, 70_000)).toThrow(/outside 0..65535/);
  });
});

describe('parseGuidPool', () => {
  const parse = (v: unknown) => parseGuidPool('/etc/guids.json', JSON.stringify(v));

  it('reads lists by PCI address and inclusive ranges by PF GUID', () => {
    const pool = parse([
      { pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:01', '02:00:00:00:00:00:00:02'] },
      {
        pfGuid: '0c42:a103:0012:4400',
        guidsRange: { start: '02:aa:00:00:00:00:00:fe', end: '02:aa:00:00:00:00:01:01' },
      },
    ]);
    const list = pool.byPci.get('0000:3b:00.0');
    expect([list?.at(0), list?.at(1), list?.at(2)]).toEqual([
      '02:00:00:00:00:00:00:01',
      '02:00:00:00:00:00:00:02',
      undefined,
    ]);
    const range = pool.byPfGuid.get('0c:42:a1:03:00:12:44:00');
    expect(range?.count).toBe(4n);
    expect([range?.at(0), range?.at(2), range?.at(3), range?.at(4)]).toEqual([
      '02:aa:00:00:00:00:00:fe',
      '02:aa:00:00:00:00:01:00',
      '02:aa:00:00:00:00:01:01',
      undefined,
    ]);
  });

  it.each([
    [
      [{ guids: ['02:00:00:00:00:00:00:01'] }],
      /entry 1 must name its PF by "pciAddress" or by "pfGuid", it has neither/,
    ],
    [
      [{ pciAddress: '0000:3b:00.0', pfGuid: PF_GUID, guids: ['02:00:00:00:00:00:00:01'] }],
      /not both/,
    ],
    [[{ pciAddress: '0000:3b:00.0' }], /either "guids" .* or "guidsRange" .*, it has neither/],
    [
      [
        {
          pciAddress: '0000:3b:00.0',
          guids: ['02:00:00:00:00:00:00:01'],
          guidsRange: { start: '02:00:00:00:00:00:01:00', end: '02:00:00:00:00:00:01:01' },
        },
      ],
      /not both/,
    ],
    [
      [{ pciAddress: '0000:3b:00.0', guids: ['00:00:00:00:00:00:00:00'] }],
      /guids\[0\]: GUID .* is all zeros/,
    ],
    [[{ pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:01'] }], /is not a GUID/],
    [
      [
        {
          pciAddress: '0000:3b:00.0',
          guidsRange: { start: '02:00:00:00:00:00:00:09', end: '02:00:00:00:00:00:00:01' },
        },
      ],
      /end .* comes before start .*; swap them/,
    ],
    [
      [
        { pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:01'] },
        { pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:02'] },
      ],
      /entry 2 \(pciAddress 0000:3b:00.0\) names the same PF as entry 1/,
    ],
    [
      [
        { pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:05'] },
        {
          pciAddress: '0000:86:00.0',
          guidsRange: { start: '02:00:00:00:00:00:00:01', end: '02:00:00:00:00:00:00:09' },
        },
      ],
      /share GUID 02:00:00:00:00:00:00:05; every VF needs its own GUID/,
    ],
    [{ pciAddress: '0000:3b:00.0' }, /does not follow the format/],
  ])('refuses a file that breaks the rules (%#)', (content, message) => {
    expect(() => parse(content)).toThrow(message);
    expect(() => parse(content)).toThrow(GuidPoolError);
  });

  it('names the file and the JSON error', () => {
    expect(() => parseGuidPool('/etc/guids.json', '[{')).toThrow(
      /GUID pool \/etc\/guids.json: is not valid JSON/,
    );
  });

  it('says how to fix a file that cannot be read', async () => {
    await expect(loadGuidPool('/nonexistent/guids.json')).rejects.toThrow(
      /cannot be read .*check --guid-pool/,
    );
    const dir = await mkdtemp(join(tmpdir(), 'ibnet-pool-'));
    const file = join(dir, 'guids.json');
    await writeFile(file, JSON.stringify([{ pciAddress: '0000:3b:00.0', guids: [PF_GUID] }]));
    expect((await loadGuidPool(file)).byPci.size).toBe(1);
    await rm(dir, { recursive: true });
  });
});

describe('guidSourceFor', () => {
  const pool = parseGuidPool(
    'pool',
    JSON.stringify([
      { pciAddress: '0000:3b:00.0', guids: ['02:00:00:00:00:00:00:01'] },
      { pfGuid: '0c:42:a1:03:00:12:44:00', guids: ['02:00:00:00:00:00:00:02'] },
    ]),
  );

  it('takes the pool entry by PCI address, then by PF GUID, else derives', () => {
    expect(vfGuid(guidSourceFor(pf(), pool), 0)).toBe('02:00:00:00:00:00:00:01');
    const second = pf({ pciAddress: '0000:86:00.0', nodeGuid: '0c:42:a1:03:00:12:44:00' });
    expect(vfGuid(guidSourceFor(second, pool), 0)).toBe('02:00:00:00:00:00:00:02');
    const third = pf({ pciAddress: '0000:d8:00.0', nodeGuid: '0c:42:a1:03:00:12:54:00' });
    expect(guidSourceFor(third, pool)).toEqual({
      kind: 'derived',
      pfGuid: '0c:42:a1:03:00:12:54:00',
    });
    expect(vfGuid(guidSourceFor(third, undefined), 1)).toBe(
      derivedVfGuid('0c:42:a1:03:00:12:54:00', 1),
    );
  });

  it('falls back to the port GUID, and says what to do when the PF has no GUID at all', () => {
    const portOnly = pf({
      nodeGuid: '00:00:00:00:00:00:00:00',
      portGuid: '0c:42:a1:03:00:12:34:01',
    });
    expect(guidSourceFor(portOnly, undefined)).toEqual({
      kind: 'derived',
      pfGuid: '0c:42:a1:03:00:12:34:01',
    });
    const none = guidSourceFor(pf({ nodeGuid: undefined }), undefined);
    expect(none.kind).toBe('none');
    expect(none.kind === 'none' && none.why).toMatch(/list it in a --guid-pool file/);
  });
});
