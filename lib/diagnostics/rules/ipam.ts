import { checkIpam } from '../../ipam';
import { IPAM_SCHEMAS, isKnownIpamType } from '../../model';
import type { CheckContext, PendingFix } from '../context';
import { replaceValue } from '../edits';
import { checkSchema } from '../schema-issues';
import { entryOf, nodeAt, spanAt, toPlain, type PathStep, type TreeNode } from '../tree';
import type { Issue } from '../types';

export interface IpamOptions {
  /** CNI type of the plugin the IPAM belongs to (`ib-sriov` refuses dhcp). */
  cniType?: string;
  /** Path of the IPAM object in its document. */
  path: PathStep[];
  /** The network declares the `ips` capability, so pods may bring their own addresses. */
  ipsCapability?: boolean;
}

/**
 * Checks a parsed IPAM object: its shape per type, then the semantic checks of the IPAM engine.
 * Returns the IPAM type when there is one.
 */
export function checkIpamNode(
  ctx: CheckContext,
  ipam: TreeNode,
  options: IpamOptions,
): string | undefined {
  const at = (path: PathStep[], preferKey = false) => spanAt(ipam, path, preferKey);
  if (ipam.type !== 'object') {
    ctx.report({
      severity: 'error',
      code: 'ipam/not-object',
      message:
        'ipam must be a JSON object such as {"type": "whereabouts", "range": "192.168.10.0/24"}',
      span: ipam.span,
      path: options.path,
    });
    return undefined;
  }
  if (ipam.entries.length === 0) return undefined;

  const typeNode = entryOf(ipam, 'type')?.value;
  const type = typeNode?.type === 'scalar' ? typeNode.value : undefined;
  if (typeNode === undefined) {
    ctx.report({
      severity: 'error',
      code: 'ipam/missing-type',
      message:
        'ipam has no "type", so no IPAM plugin runs and the other fields are ignored; add "type": "whereabouts" (or static, host-local)',
      span: ipam.span,
      path: options.path,
    });
    return undefined;
  }
  if (typeof type !== 'string' || type === '') {
    ctx.report({
      severity: 'error',
      code: 'ipam/type',
      message: 'ipam "type" must name an IPAM plugin: whereabouts, static or host-local',
      span: typeNode.span,
      path: [...options.path, 'type'],
    });
    return undefined;
  }

  if (type === 'dhcp' && options.cniType === 'ib-sriov') {
    ctx.report({
      severity: 'error',
      code: 'ipam/dhcp-unsupported',
      message:
        'ib-sriov-cni refuses dhcp IPAM ("ipam type dhcp is not supported") and every pod on this network fails to start; use whereabouts for cluster-wide addresses, or static with per-pod "ips"',
      span: typeNode.span,
      path: [...options.path, 'type'],
    });
    return type;
  }

  if (!isKnownIpamType(type)) {
    ctx.report({
      severity: 'info',
      code: 'ipam/not-checked',
      message: `IPAM type "${type}" is not one ibnet knows (whereabouts, static, host-local, dhcp), so its fields were not checked; make sure the plugin is installed on every node`,
      span: typeNode.span,
      path: [...options.path, 'type'],
    });
    return type;
  }

  checkSchema(ctx, {
    schema: IPAM_SCHEMAS[type],
    root: ipam,
    namespace: 'ipam',
    what: `${type} IPAM`,
    prefix: options.path,
    document: ctx.document,
    unknownConsequence: `the ${type} plugin ignores it`,
    unknownSeverity: 'warning',
    ignore: (path) => path[0] === 'type',
  });

  for (const issue of runIpamChecks(toPlain(ipam), ctx.multiNode, options.ipsCapability === true)) {
    const node = nodeAt(ipam, issue.path);
    const fixes: PendingFix[] = [];
    if (node && issue.replacement !== undefined) {
      const edit = replaceValue(ctx.text, node, issue.replacement);
      if (edit) fixes.push({ title: `Use ${JSON.stringify(issue.replacement)}`, edits: [edit] });
    }
    ctx.report({
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      span: at(issue.path),
      path: [...options.path, ...issue.path],
      ...(fixes.length > 0 ? { fixes } : {}),
    });
  }
  return type;
}

/** The IPAM engine's checks; a failure inside it must not stop the rest of the validation. */
function runIpamChecks(ipam: unknown, multiNode: boolean, ipsCapability: boolean): Issue[] {
  try {
    const issues = checkIpam(ipam, { multiNode, ipsCapability });
    return Array.isArray(issues) ? issues : [];
  } catch {
    return [];
  }
}
