import type { CheckContext, PendingFix } from '../context';
import { parseEmbeddedJson, type ParsedJson } from '../embedded-json';
import { scalarEdit } from '../scalar-map';
import type { PathStep, TreeNode } from '../tree';

/**
 * Parses the JSON text of a string field (ipam, capabilities, a NAD config…) and reports its
 * syntax errors where they are in the outer file. Returns undefined when the field is not a
 * string (the schema check reports that) or is blank.
 */
export function readJsonField(
  ctx: CheckContext,
  node: TreeNode | undefined,
  what: string,
  path: PathStep[],
  wrap?: { before: string; after: string },
): ParsedJson | undefined {
  if (node?.type !== 'scalar' || typeof node.value !== 'string' || node.value.trim() === '') {
    return undefined;
  }
  const parsed = parseEmbeddedJson(ctx.text, node, wrap);
  for (const problem of parsed.problems) {
    const fixes: PendingFix[] = [];
    if (problem.trailingComma && problem.inner && parsed.embedding) {
      const edit = scalarEdit(
        ctx.text,
        parsed.embedding.map,
        problem.inner.start,
        problem.inner.end,
        '',
      );
      if (edit) fixes.push({ title: 'Remove the trailing comma', edits: [edit] });
    }
    ctx.report({
      severity: 'error',
      code: problem.trailingComma ? 'json/trailing-comma' : 'json/syntax',
      message: `${what} is not valid JSON: ${problem.message}`,
      span: problem.span,
      path,
      ...(fixes.length > 0 ? { fixes } : {}),
    });
  }
  return parsed;
}
