/** One replacement that turns a text into another: `[start, end)` of the old text becomes `text`. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * The smallest single replacement between two texts (common prefix and suffix kept), so that an
 * editor applying it keeps its cursor, scroll position and undo history for the rest.
 */
export function minimalReplacement(before: string, after: string): Replacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

/** Lines added and removed between two texts, counted by a longest-common-subsequence walk. */
export function lineChanges(before: string, after: string): { added: number; removed: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  // Texts here are small manifests; the quadratic table is fine and exact.
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const common = table[0] ?? 0;
  return { added: b.length - common, removed: a.length - common };
}
