/**
 * Writes `deploy/crds/` from the domain schemas (`allCrds()` in lib/model), or with `--check`
 * says which files are stale. Run from the repository root:
 *
 *     npx tsx deploy/generate.ts          # regenerate
 *     npx tsx deploy/generate.ts --check  # exit 1 when a file differs from lib/model
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { type CustomResourceDefinition, SRIOV_GROUP, allCrds } from '../lib/model';

/** `deploy/`, wherever the command is run from. */
export const DEPLOY_DIR = dirname(fileURLToPath(import.meta.url));

const HEADER = '# Generated from lib/model by `npx tsx deploy/generate.ts`. Do not edit by hand.\n';

/**
 * The SR-IOV kinds are the ones ibnet stands in for and installs. The others belong to Multus,
 * whereabouts and OpenShift, whose own CRDs must not be replaced on a real cluster; they are
 * written to `crds/third-party/` for test clusters only.
 */
function pathOf(crd: CustomResourceDefinition): string {
  const group = (crd.spec.group as string | undefined) ?? '';
  const file = `${crd.metadata.name}.yaml`;
  return group === SRIOV_GROUP ? join('crds', file) : join('crds', 'third-party', file);
}

/** YAML as the repository's Prettier settings lay it out, so `prettier --check` agrees. */
async function yamlText(path: string, value: unknown): Promise<string> {
  const options = (await resolveConfig(join(DEPLOY_DIR, path))) ?? {};
  return format(HEADER + stringify(value, { lineWidth: 0 }), { ...options, parser: 'yaml' });
}

/** Every generated file, path relative to `deploy/` → content. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const own: string[] = [];
  for (const crd of allCrds()) {
    const path = pathOf(crd);
    files.set(path, await yamlText(path, crd));
    if (!path.includes('third-party')) own.push(relative('crds', path));
  }
  const kustomization = join('crds', 'kustomization.yaml');
  files.set(
    kustomization,
    await yamlText(kustomization, {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: own.sort(),
    }),
  );
  return files;
}

async function existing(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await existing(path)));
    else out.push(relative(DEPLOY_DIR, path));
  }
  return out;
}

/** Paths that differ from what lib/model generates, are missing, or are left over. */
export async function staleFiles(): Promise<string[]> {
  const files = await generatedFiles();
  const stale: string[] = [];
  for (const [path, text] of files) {
    const current = await readFile(join(DEPLOY_DIR, path), 'utf8').catch(() => undefined);
    if (current !== text) stale.push(path);
  }
  for (const path of await existing(join(DEPLOY_DIR, 'crds'))) {
    if (!files.has(path)) stale.push(path);
  }
  return stale.sort();
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--check')) {
    const stale = await staleFiles();
    if (stale.length === 0) return 0;
    console.error(
      `deploy/crds is out of date with lib/model: ${stale.join(', ')}\nRun: npx tsx deploy/generate.ts`,
    );
    return 1;
  }
  await rm(join(DEPLOY_DIR, 'crds'), { recursive: true, force: true });
  const files = await generatedFiles();
  for (const [path, text] of files) {
    await mkdir(dirname(join(DEPLOY_DIR, path)), { recursive: true });
    await writeFile(join(DEPLOY_DIR, path), text);
  }
  console.log(`wrote ${files.size} files under deploy/crds`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
