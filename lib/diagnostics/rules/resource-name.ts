import { RESOURCE_NAME_MAX, RESOURCE_NAME_PATTERN } from '../../model';
import type { CheckContext, PendingFix } from '../context';
import { replaceValue } from '../edits';
import { entryOf, type PathStep, type TreeNode } from '../tree';

/** The closest valid resource name: prefix dropped, bad characters to `_`, trimmed to 63. */
function repaired(name: string): string {
  const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  return bare
    .replace(/[^a-zA-Z0-9_-]/g, '_')
    .slice(0, RESOURCE_NAME_MAX)
    .replace(/^[_-]+|[_-]+$/g, '');
}

/**
 * Checks `resourceName` of a policy or a network: the device plugin only accepts letters, digits,
 * `_` and `-`, starting and ending alphanumeric, at most 63 characters, and without the prefix.
 */
export function checkResourceName(
  ctx: CheckContext,
  spec: TreeNode,
  code: string,
  path: PathStep[],
): void {
  const node = entryOf(spec, 'resourceName')?.value;
  if (node?.type !== 'scalar' || typeof node.value !== 'string') return;
  const name = node.value;
  if (RESOURCE_NAME_PATTERN.test(name) && name.length <= RESOURCE_NAME_MAX) return;

  const fixed = repaired(name);
  const fixes: PendingFix[] = [];
  if (fixed !== '' && fixed !== name && RESOURCE_NAME_PATTERN.test(fixed)) {
    const edit = replaceValue(ctx.text, node, fixed);
    if (edit) fixes.push({ title: `Use ${fixed}`, edits: [edit] });
  }
  let why: string;
  if (name === '') why = 'is empty; name the device-plugin resource, e.g. mlnx_ib';
  else if (name.includes('/')) {
    why = `includes a prefix; write only the part after "/" (${fixed}): the resource prefix (openshift.io) is added for you`;
  } else if (name.length > RESOURCE_NAME_MAX) {
    why = `is ${name.length} characters long; the device plugin accepts at most ${RESOURCE_NAME_MAX}`;
  } else {
    why = `may only hold letters, digits, "_" and "-", starting and ending with a letter or digit${fixed ? ` (e.g. ${fixed})` : ''}`;
  }
  ctx.report({
    severity: 'error',
    code,
    message: `resourceName "${name}" ${why}`,
    span: node.span,
    path: [...path, 'resourceName'],
    ...(fixes.length > 0 ? { fixes } : {}),
  });
}
