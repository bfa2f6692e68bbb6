import { parseGuid } from '../../annotations/guid';
import type { CheckContext } from '../context';
import { replaceValue } from '../edits';
import type { PathStep, TreeNode } from '../tree';

/**
 * `request`: a GUID someone asks for (a NAD config, a GUID pool): it must be canonical and usable.
 * `observed`: a GUID the node reports (SriovNetworkNodeState status): all zeros there means the VF
 * is not configured yet, which is worth knowing but not a mistake in the file.
 */
export type GuidMode = 'request' | 'observed';

const GUID_KEY = /guid/i;

/** Checks every string value under a key that names a GUID (`guid`, `pfGuid`, `infinibandGUID`…). */
export function checkGuids(
  ctx: CheckContext,
  root: TreeNode,
  path: PathStep[],
  mode: GuidMode,
  depth = 0,
): void {
  if (depth > 64) return;
  if (root.type === 'array') {
    root.items.forEach((item, i) => checkGuids(ctx, item, [...path, i], mode, depth + 1));
    return;
  }
  if (root.type !== 'object') return;
  for (const entry of root.entries) {
    const value = entry.value;
    if (!value) continue;
    const here = [...path, entry.key];
    if (GUID_KEY.test(entry.key)) {
      if (value.type === 'scalar' && typeof value.value === 'string' && value.value !== '') {
        checkGuidValue(ctx, value, value.value, here, mode);
      } else if (value.type === 'array') {
        value.items.forEach((item, i) => {
          if (item.type === 'scalar' && typeof item.value === 'string')
            checkGuidValue(ctx, item, item.value, [...here, i], mode);
        });
      }
    }
    if (value.type !== 'scalar') checkGuids(ctx, value, here, mode, depth + 1);
  }
}

function checkGuidValue(
  ctx: CheckContext,
  node: TreeNode,
  text: string,
  path: PathStep[],
  mode: GuidMode,
): void {
  const parsed = parseGuid(text);
  if (parsed.ok) {
    if (!parsed.normalized || mode === 'observed') return;
    const edit = replaceValue(ctx.text, node, parsed.guid);
    ctx.report({
      severity: 'warning',
      code: 'guid/format',
      message: `GUID "${text}" should be written as lower-case byte pairs (${parsed.guid}); other forms are not accepted everywhere (Multus and ip link read only that form)`,
      span: node.span,
      path,
      ...(edit ? { fixes: [{ title: `Use ${parsed.guid}`, edits: [edit] }] } : {}),
    });
    return;
  }
  if (mode === 'observed' && parsed.problem === 'all-zero') {
    ctx.report({
      severity: 'info',
      code: 'guid/unconfigured',
      message: `GUID ${text} is all zeros: this VF has no GUID yet, and a pod placed on it fails with "GUID is not valid" until the node configurator sets one`,
      span: node.span,
      path,
    });
    return;
  }
  ctx.report({
    severity: mode === 'observed' ? 'warning' : 'error',
    code:
      parsed.problem === 'format'
        ? 'guid/format'
        : parsed.problem === 'all-zero'
          ? 'guid/all-zero'
          : 'guid/all-ones',
    message: parsed.message,
    span: node.span,
    path,
  });
}
