import type { YAMLError } from 'yaml';
import type { Findings } from '../context';
import type { TreeNode } from '../tree';
import type { ParsedDocument } from '../yaml-tree';

/** What to do about each YAML error, added to the parser's own words. */
const HINTS: Partial<Record<YAMLError['code'], string>> = {
  DUPLICATE_KEY: 'remove or rename one of them (Kubernetes keeps only the last)',
  BAD_INDENT: 'indent this line like its siblings, with spaces',
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs there',
  BLOCK_AS_IMPLICIT_KEY: "is a ': ' missing, or a quote left open?",
  MULTILINE_IMPLICIT_KEY: "is a ': ' missing, or a quote left open?",
  BAD_DQ_ESCAPE: 'in double quotes a backslash starts an escape: write \\\\ or use single quotes',
  MISSING_CHAR: 'add the missing character',
  UNEXPECTED_TOKEN: 'check the quoting and indentation around it',
};

/** Reports the YAML parser's errors and warnings of one document. */
export function reportYamlProblems(
  doc: ParsedDocument,
  document: number,
  findings: Findings,
): void {
  const report = (problem: YAMLError, severity: 'error' | 'warning') => {
    const [start = 0, end = start] = problem.pos ?? [];
    const hint = HINTS[problem.code];
    const message = problem.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
    findings.add({
      severity,
      code: `yaml/${problem.code.toLowerCase().replace(/_/g, '-')}`,
      message: hint ? `${message}: ${hint}` : message,
      span: { start, end: Math.max(start, end) },
      document,
    });
  };
  for (const error of doc.errors) report(error, 'error');
  for (const warning of doc.warnings) report(warning, 'warning');
}

/** YAML 1.1 booleans: kubectl reads YAML 1.1, where these unquoted words are true or false. */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Reports unquoted values that kubectl would read differently from what they look like. */
export function checkYamlScalars(
  root: TreeNode,
  document: number,
  findings: Findings,
  depth = 0,
): void {
  if (depth > 100) return;
  if (root.type === 'array') {
    for (const item of root.items) checkYamlScalars(item, document, findings, depth + 1);
    return;
  }
  if (root.type === 'object') {
    for (const entry of root.entries)
      if (entry.value) checkYamlScalars(entry.value, document, findings, depth + 1);
    return;
  }
  if (root.style !== 'PLAIN' || typeof root.value !== 'string' || !YAML11_BOOLEANS.test(root.value))
    return;
  const word = root.value;
  const truth = /^(y|yes|on)$/i.test(word);
  findings.add({
    severity: 'warning',
    code: 'yaml/ambiguous-boolean',
    message: `unquoted ${word} is read by kubectl (YAML 1.1) as the boolean ${String(truth)}, not the string "${word}"; quote it if you mean the word`,
    span: root.span,
    document,
    fixes: [{ title: `Quote "${word}"`, edits: [{ ...root.span, newText: `"${word}"` }] }],
  });
}
