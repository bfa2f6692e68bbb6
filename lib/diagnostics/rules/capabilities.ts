import { CAPABILITY_KEYS } from '../../model';
import type { CheckContext, PendingFix } from '../context';
import { renameKey, replaceValue } from '../edits';
import { suggestName } from '../suggest';
import type { PathStep, TreeNode } from '../tree';

/** Capabilities each main plugin reads itself (the IPAM plugin reads `ips`). */
const READ_BY: Record<string, readonly string[]> = {
  'ib-sriov': ['infinibandGUID', 'ips'],
  sriov: ['mac', 'ips'],
};

export interface CapabilitiesOptions {
  /** CNI type of the main plugin, e.g. `ib-sriov`. */
  cniType: string;
  /** Chained plugins may read any capability, so "does nothing" cannot be judged. */
  chained: boolean;
  path: PathStep[];
}

/**
 * Checks a capabilities object (the parsed JSON of `spec.capabilities`, or `capabilities` in a CNI
 * config) and returns the declared booleans.
 */
export function checkCapabilities(
  ctx: CheckContext,
  root: TreeNode,
  options: CapabilitiesOptions,
): Record<string, boolean> {
  const declared: Record<string, boolean> = {};
  if (root.type !== 'object') {
    ctx.report({
      severity: 'error',
      code: 'capabilities/not-object',
      message:
        'capabilities must be a JSON object of booleans, e.g. {"infinibandGUID": true, "ips": true}',
      span: root.span,
      path: options.path,
    });
    return declared;
  }

  const readers = READ_BY[options.cniType];
  for (const entry of root.entries) {
    const path = [...options.path, entry.key];
    const value = entry.value;
    const known = (CAPABILITY_KEYS as readonly string[]).includes(entry.key);

    if (value?.type !== 'scalar' || typeof value.value !== 'boolean') {
      const raw = value?.type === 'scalar' ? value.value : undefined;
      const asBool =
        raw === 'true' || raw === 1 ? true : raw === 'false' || raw === 0 ? false : undefined;
      const fixes: PendingFix[] = [];
      if (value && asBool !== undefined) {
        const edit = replaceValue(ctx.text, value, asBool);
        if (edit) fixes.push({ title: `Use ${String(asBool)}`, edits: [edit] });
      }
      ctx.report({
        severity: 'error',
        code: 'capabilities/not-boolean',
        message: `capability "${entry.key}" must be true or false (without quotes); Multus reads nothing else`,
        span: value?.span ?? entry.keySpan,
        path,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    } else {
      declared[entry.key] = value.value;
    }

    if (!known) {
      const suggestion = suggestName(entry.key, CAPABILITY_KEYS);
      const fixes: PendingFix[] = [];
      if (suggestion) {
        const edit = renameKey(ctx.text, root, entry, suggestion);
        if (edit) fixes.push({ title: `Rename to ${suggestion}`, edits: [edit] });
      }
      ctx.report({
        severity: 'warning',
        code: 'capabilities/unknown-key',
        message: `unknown capability "${entry.key}": no plugin reads it, so per-pod requests that need it are silently dropped${suggestion ? `; did you mean "${suggestion}"?` : `; known capabilities: ${CAPABILITY_KEYS.join(', ')}`}`,
        span: entry.keySpan,
        path,
        ...(fixes.length > 0 ? { fixes } : {}),
      });
      continue;
    }

    if (
      readers &&
      !options.chained &&
      declared[entry.key] === true &&
      !readers.includes(entry.key)
    ) {
      ctx.report({
        severity: 'warning',
        code: 'capabilities/no-effect',
        message: `capability "${entry.key}" does nothing on an ${options.cniType} network (it reads only ${readers.join(' and ')}); remove it, or chain a plugin that uses it in metaPlugins`,
        span: entry.keySpan,
        path,
      });
    }
  }
  return declared;
}
