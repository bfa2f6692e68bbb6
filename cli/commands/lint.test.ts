import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli';

const FIXTURES = fileURLToPath(new URL('../../lib/diagnostics/fixtures/', import.meta.url));
const LINE = /^(.+):(\d+):(\d+) (error|warning|info) ([a-z]+\/[a-z0-9-]+) (.+)$/;

describe('ibnet lint', () => {
  it('passes the documented dual-stack setup (exit 0, nothing worse than info)', async () => {
    const { code, stdout, stderr } = await runCli(['lint', `${FIXTURES}lint-clean`]);
    expect(code).toBe(0);
    for (const line of stdout.trim().split('\n').filter(Boolean)) expect(line).toMatch(/ info /);
    expect(stderr).toMatch(/1 file checked: 0 errors, 0 warnings/);
  });

  it('walks folders, prints one finding per line and exits 1 on errors', async () => {
    const { code, stdout, stderr } = await runCli(['lint', `${FIXTURES}lint`]);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    for (const line of lines) expect(line).toMatch(LINE);
    const codes = lines.map((l) => LINE.exec(l)?.[5]);
    expect(codes).toEqual(
      expect.arrayContaining([
        'schema/unknown-field',
        'capabilities/unknown-key',
        'ipam/dhcp-unsupported',
        'network/upstream-whitespace',
        'ipam/static-address-not-cidr',
      ]),
    );
    expect(stdout).toContain('errors.yaml:9:3 error schema/unknown-field');
    expect(stdout).toContain('did you mean "infinibandGUID"?');
    expect(stdout).toContain('"304***"');
    expect(stdout).not.toContain('notes.txt');
    expect(stderr).toMatch(/3 files checked: \d+ errors/);
  });

  it('exits 0 when there are only warnings', async () => {
    const { code, stdout } = await runCli(['lint', `${FIXTURES}lint/nested/cron.yml`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/cron\.yml:8:92 warning network\/upstream-whitespace/);
  });

  it('reads stdin with - and prints JSON with --format json', async () => {
    const text = await readFile(`${FIXTURES}lint/errors.yaml`, 'utf8');
    const { code, stdout } = await runCli(['lint', '--format', 'json', '-'], text);
    expect(code).toBe(1);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(2);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'code',
      'message',
    ]);
    expect(rows[0]?.file).toBe('<stdin>');
  });

  it('takes the operator namespace from --operator-namespace', async () => {
    const text = (await readFile(`${FIXTURES}lint/errors.yaml`, 'utf8')).replace(
      'namespace: tenant',
      'namespace: sriov-network-operator',
    );
    const upstream = await runCli(
      ['lint', '--operator-namespace', 'sriov-network-operator', '-'],
      text,
    );
    expect(upstream.stdout).not.toContain('network-namespace-outside-operator');
    const openshift = await runCli(['lint', '-'], text);
    expect(openshift.stdout).toContain('network-namespace-outside-operator');
  });

  it('exits 2 with a clear message on bad usage or an unreadable path', async () => {
    const noPath = await runCli(['lint']);
    expect(noPath.code).toBe(2);
    expect(noPath.stderr).toContain('missing PATH');
    const badFlag = await runCli(['lint', '--colour', 'x.yaml']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--colour'");
    const badFormat = await runCli(['lint', '--format', 'xml', 'x.yaml']);
    expect(badFormat.code).toBe(2);
    const missing = await runCli(['lint', `${FIXTURES}nope.yaml`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml: no such file or folder/);
    const help = await runCli(['lint', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: ibnet lint');
  });
});
