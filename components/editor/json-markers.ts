import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Diagnostic } from '@/lib/diagnostics';
import { checkIpam, type IpamCheckContext } from '@/lib/ipam';

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The node at `path`, or its nearest ancestor that exists (a missing key marks its object). */
function nodeAt(root: JsonNode, path: (string | number)[]): JsonNode {
  for (let n = path.length; n >= 0; n--) {
    const found = findNodeAtLocation(root, path.slice(0, n));
    if (found) return found;
  }
  return root;
}

/**
 * ibnet's IPAM checks (the ones only a pod start would reveal) for a standalone IPAM JSON text,
 * placed on the offending value. Syntax errors are left to the JSON language service.
 */
export function ipamJsonDiagnostics(text: string, context: IpamCheckContext = {}): Diagnostic[] {
  const root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!root) return [];
  return checkIpam(value, context).map((issue) => {
    const node = nodeAt(root, issue.path);
    const start = position(text, node.offset);
    const end = position(text, node.offset + node.length);
    return {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: issue.severity,
      code: issue.code,
      message: issue.message,
      path: issue.path,
    };
  });
}
