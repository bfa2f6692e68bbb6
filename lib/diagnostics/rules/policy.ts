import { MELLANOX_MAX_VFS, MELLANOX_VENDOR } from '../../model';
import type { CheckContext, KubeDoc, PendingFix } from '../context';
import { replaceValue } from '../edits';
import { entryOf, stringValue, type ObjectNode, type PathStep, type TreeNode } from '../tree';
import { checkResourceName } from './resource-name';

/** Mellanox PF device IDs (ConnectX-4 to ConnectX-7, BlueField-2 and -3). */
const MELLANOX_PF_IDS = [
  '1013',
  '1015',
  '1017',
  '1019',
  '101b',
  '101d',
  '101f',
  '1021',
  'a2d6',
  'a2dc',
];

/** Schema findings on these fields get the policy's own codes. */
export const POLICY_CODES: Record<string, string> = {
  'spec.priority': 'policy/priority',
  'spec.mtu': 'policy/mtu',
  'spec.numVfs': 'policy/num-vfs',
  'spec.linkType': 'policy/link-type',
  'spec.deviceType': 'policy/device-type',
};

const PF_RANGE = /^(.*)#(\d+)-(\d+)$/;

/** Rules for SriovNetworkNodePolicy. */
export function checkPolicy(ctx: CheckContext, doc: KubeDoc): void {
  const spec = entryOf(doc.root, 'spec')?.value;
  if (spec?.type !== 'object') return;
  const base: PathStep[] = [...doc.prefix, 'spec'];
  checkResourceName(ctx, spec, 'policy/resource-name', base);

  const numVfsNode = entryOf(spec, 'numVfs')?.value;
  const numVfs =
    numVfsNode?.type === 'scalar' && typeof numVfsNode.value === 'number'
      ? numVfsNode.value
      : undefined;
  const nic = entryOf(spec, 'nicSelector')?.value;

  if (nic?.type === 'object') {
    checkNicSelector(
      ctx,
      nic,
      numVfs,
      [...base, 'nicSelector'],
      entryOf(spec, 'nicSelector')?.keySpan ?? nic.span,
    );
  }

  const vendor = stringValue(entryOf(nic, 'vendor')?.value)?.toLowerCase();
  const deviceID = stringValue(entryOf(nic, 'deviceID')?.value)?.toLowerCase();
  const mellanox =
    vendor === MELLANOX_VENDOR ||
    (vendor === undefined && deviceID !== undefined && MELLANOX_PF_IDS.includes(deviceID));
  if (mellanox && numVfsNode && numVfs !== undefined && numVfs > MELLANOX_MAX_VFS) {
    const edit = replaceValue(ctx.text, numVfsNode, MELLANOX_MAX_VFS);
    ctx.report({
      severity: 'error',
      code: 'policy/num-vfs-mellanox',
      message: `numVfs ${numVfs} is more than Mellanox firmware allows (${MELLANOX_MAX_VFS} per PF); the node configuration fails. Use at most ${MELLANOX_MAX_VFS}, and no more than the PF's totalvfs`,
      span: numVfsNode.span,
      path: [...base, 'numVfs'],
      ...(edit ? { fixes: [{ title: `Use ${MELLANOX_MAX_VFS}`, edits: [edit] }] } : {}),
    });
  }

  const linkType = stringValue(entryOf(spec, 'linkType')?.value)?.toLowerCase();
  const isRdma = entryOf(spec, 'isRdma')?.value;
  const deviceType = stringValue(entryOf(spec, 'deviceType')?.value);
  if (
    linkType === 'ib' &&
    isRdma?.type === 'scalar' &&
    isRdma.value === false &&
    deviceType !== 'vfio-pci'
  ) {
    const edit = replaceValue(ctx.text, isRdma, true);
    ctx.report({
      severity: 'info',
      code: 'policy/is-rdma-forced',
      message:
        'isRdma: false has no effect with linkType: ib: the operator always exposes the RDMA device of InfiniBand VFs; write isRdma: true (or leave it out) so the file says what happens',
      span: isRdma.span,
      path: [...base, 'isRdma'],
      ...(edit ? { fixes: [{ title: 'Use isRdma: true', edits: [edit] }] } : {}),
    });
  }

  const nodeSelector = entryOf(spec, 'nodeSelector')?.value;
  if (nodeSelector?.type === 'object' && nodeSelector.entries.length === 0) {
    ctx.report({
      severity: 'info',
      code: 'policy/node-selector-empty',
      message:
        'nodeSelector is empty, so this policy applies to every node; add a label such as feature.node.kubernetes.io/network-sriov.capable: "true" to limit it',
      span: nodeSelector.span,
      path: [...base, 'nodeSelector'],
    });
  }
}

function checkNicSelector(
  ctx: CheckContext,
  nic: ObjectNode,
  numVfs: number | undefined,
  path: PathStep[],
  keySpan: { start: number; end: number },
): void {
  const set = nic.entries.filter((e) => {
    const v = e.value;
    if (!v) return false;
    if (v.type === 'array') return v.items.length > 0;
    return !(v.type === 'scalar' && (v.value === '' || v.value === null));
  });
  if (set.length === 0) {
    ctx.report({
      severity: 'error',
      code: 'policy/nic-selector-empty',
      message:
        'nicSelector selects nothing: set at least one of vendor (15b3 for Mellanox), deviceID, pfNames, rootDevices or netFilter',
      span: nic.entries.length > 0 ? nic.span : keySpan,
      path,
    });
  }

  for (const key of ['vendor', 'deviceID'] as const) {
    const node = entryOf(nic, key)?.value;
    const value = stringValue(node);
    if (!node || value === undefined || /^[0-9a-f]{4}$/.test(value)) continue;
    const cleaned = value.toLowerCase().replace(/^0x/, '');
    const fixes: PendingFix[] = [];
    if (/^[0-9a-f]{4}$/.test(cleaned)) {
      const edit = replaceValue(ctx.text, node, cleaned);
      if (edit) fixes.push({ title: `Use ${cleaned}`, edits: [edit] });
    }
    ctx.report({
      severity: 'warning',
      code: 'policy/pci-id',
      message: `${key} "${value}" will not match: the operator compares it with sysfs, which writes four lower-case hex digits without 0x (e.g. ${key === 'vendor' ? '15b3' : '101b'})`,
      span: node.span,
      path: [...path, key],
      ...(fixes.length > 0 ? { fixes } : {}),
    });
  }

  const pfNames = entryOf(nic, 'pfNames')?.value;
  if (pfNames?.type !== 'array') return;
  pfNames.items.forEach((item, index) =>
    checkPfName(ctx, item, numVfs, [...path, 'pfNames', index]),
  );
}

function checkPfName(
  ctx: CheckContext,
  item: TreeNode,
  numVfs: number | undefined,
  path: PathStep[],
): void {
  const value = stringValue(item);
  if (value === undefined || !value.includes('#')) return;
  const match = PF_RANGE.exec(value);
  const report = (message: string, fixes?: PendingFix[]) =>
    ctx.report({
      severity: 'error',
      code: 'policy/pf-range',
      message,
      span: item.span,
      path,
      ...(fixes ? { fixes } : {}),
    });

  if (!match || match[1] === '') {
    report(`pfNames entry "${value}" must be <pf name>#<first VF>-<last VF>, e.g. ib0#0-7`);
    return;
  }
  const name = match[1] ?? '';
  const first = Number(match[2]);
  const last = Number(match[3]);
  if (first > last) {
    const edit = replaceValue(ctx.text, item, `${name}#${last}-${first}`);
    report(
      `VF range in "${value}" runs backwards: the first VF must not be after the last (${name}#${last}-${first})`,
      edit ? [{ title: `Use ${name}#${last}-${first}`, edits: [edit] }] : undefined,
    );
    return;
  }
  if (numVfs !== undefined && last >= numVfs) {
    const fixed = `${name}#${first}-${numVfs - 1}`;
    const edit = first <= numVfs - 1 ? replaceValue(ctx.text, item, fixed) : undefined;
    report(
      `VF range in "${value}" goes up to VF ${last}, but numVfs is ${numVfs} (VFs 0 to ${numVfs - 1}); lower the range or raise numVfs`,
      edit ? [{ title: `Use ${fixed}`, edits: [edit] }] : undefined,
    );
  }
}

/**
 * Two policies selecting the same PF on the same nodes must not claim the same VFs; the operator's
 * webhook rejects the second one.
 */
export function checkPolicyOverlaps(ctx: CheckContext, docs: KubeDoc[]): void {
  const claims: {
    doc: KubeDoc;
    pf: string;
    first: number;
    last: number;
    nodes: string;
    node: TreeNode;
    path: PathStep[];
  }[] = [];
  for (const doc of docs) {
    const spec = entryOf(doc.root, 'spec')?.value;
    const pfNames = entryOf(entryOf(spec, 'nicSelector')?.value, 'pfNames')?.value;
    if (pfNames?.type !== 'array') continue;
    const nodes = JSON.stringify(
      doc.plain.spec && (doc.plain.spec as Record<string, unknown>).nodeSelector,
    );
    pfNames.items.forEach((item, index) => {
      const match = PF_RANGE.exec(stringValue(item) ?? '');
      if (!match || !match[1]) return;
      claims.push({
        doc,
        pf: match[1],
        first: Number(match[2]),
        last: Number(match[3]),
        nodes,
        node: item,
        path: [...doc.prefix, 'spec', 'nicSelector', 'pfNames', index],
      });
    });
  }
  for (let i = 0; i < claims.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = claims[i];
      const b = claims[j];
      if (!a || !b || a.doc === b.doc || a.pf !== b.pf || a.nodes !== b.nodes) continue;
      if (a.first > b.last || b.first > a.last) continue;
      ctx.report({
        severity: 'error',
        code: 'policy/vf-range-overlap',
        message: `VFs ${Math.max(a.first, b.first)}-${Math.min(a.last, b.last)} of ${a.pf} are also claimed by policy "${b.doc.name ?? '?'}" on the same nodes; the operator rejects overlapping VF ranges, so split the VFs between the policies`,
        span: a.node.span,
        path: a.path,
        document: a.doc.document,
      });
    }
  }
}
