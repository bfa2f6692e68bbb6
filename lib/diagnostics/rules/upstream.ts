import type { CheckContext } from '../context';
import { sourceSpan } from '../scalar-map';
import type { PathStep, ScalarNode, TreeNode } from '../tree';

/**
 * What the upstream SR-IOV operator does to `spec.ipam` before rendering the NAD: it deletes every
 * whitespace character, even inside JSON strings, and a `'` breaks its template. ibnet renders
 * correctly, but clusters running the upstream operator would get a corrupted config, so the
 * user is told what they would get.
 */
export function checkUpstreamIpamText(
  ctx: CheckContext,
  host: ScalarNode,
  root: TreeNode | undefined,
  path: PathStep[],
): void {
  const text = typeof host.value === 'string' ? host.value : '';
  const map = host.stringMap?.();

  const quote = text.indexOf("'");
  if (quote >= 0) {
    ctx.report({
      severity: 'warning',
      code: 'network/upstream-quote',
      message:
        "the upstream SR-IOV operator puts ipam inside a template quoted with ', so a ' anywhere in ipam breaks rendering and no NAD is created; write the value without '",
      span: map ? sourceSpan(map, quote, quote + 1) : host.span,
      path,
    });
  }

  if (root)
    walkStrings(root, (node, value) => {
      if (!/\s/.test(value)) return;
      const corrupted = value.replace(/\s+/g, '');
      ctx.report({
        severity: 'warning',
        code: 'network/upstream-whitespace',
        message: `the upstream SR-IOV operator deletes every whitespace character in ipam, even inside strings: ${JSON.stringify(value)} would become ${JSON.stringify(corrupted)} in the NAD; ibnet renders it intact, but on a cluster running the upstream operator avoid spaces in this value`,
        span: node.span,
        path,
      });
    });
}

/** Calls `visit` for each string key and string value of a JSON tree. */
function walkStrings(
  node: TreeNode,
  visit: (node: { span: ScalarNode['span'] }, value: string) => void,
  depth = 0,
): void {
  if (depth > 100) return;
  if (node.type === 'scalar') {
    if (typeof node.value === 'string') visit(node, node.value);
  } else if (node.type === 'array') {
    for (const item of node.items) walkStrings(item, visit, depth + 1);
  } else {
    for (const entry of node.entries) {
      visit({ span: entry.keySpan }, entry.key);
      if (entry.value) walkStrings(entry.value, visit, depth + 1);
    }
  }
}
