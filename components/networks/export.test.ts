import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyCommand, downloadName, portableObject } from './export';

describe('applyCommand', () => {
  it('wraps the YAML in a quoted heredoc that the shell passes through unchanged', () => {
    const yaml =
      'kind: SriovIBNetwork\nmetadata:\n  name: ib1\nspec:\n  ipam: \'{"a": "$HOME `x`"}\'\n';
    const command = applyCommand(yaml);
    expect(command.startsWith("kubectl apply -f - <<'EOF'\n")).toBe(true);
    // Run the heredoc through a real shell with `cat` standing in for kubectl.
    const out = execFileSync('sh', ['-c', command.replace('kubectl apply -f -', 'cat')], {
      encoding: 'utf8',
    });
    expect(out).toBe(yaml);
  });

  it('picks another delimiter when the text has an EOF line, and says oc when asked', () => {
    const command = applyCommand('a: |\n  EOF\n', 'oc');
    expect(command.startsWith("oc apply -f - <<'EOF_1'\n")).toBe(true);
    expect(command.endsWith('\nEOF_1\n')).toBe(true);
  });
});

describe('portableObject', () => {
  it('drops status, server metadata and the last-applied annotation', () => {
    const out = portableObject({
      apiVersion: 'v1',
      kind: 'SriovIBNetwork',
      metadata: {
        name: 'ib1',
        namespace: 'ib-team',
        uid: 'u',
        resourceVersion: '4',
        managedFields: [],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' },
      },
      spec: { resourceName: 'x' },
      status: { conditions: [] },
    });
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'SriovIBNetwork',
      metadata: { name: 'ib1', namespace: 'ib-team', annotations: { keep: 'me' } },
      spec: { resourceName: 'x' },
    });
  });
});

describe('downloadName', () => {
  it('makes a safe file name', () => {
    expect(downloadName('ib-team', 'ib 1/x')).toBe('ib-team-ib-1-x.yaml');
  });
});
