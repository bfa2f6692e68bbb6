import { join } from 'node:path';

/** Where the browser tests' embedded cluster writes its kubeconfig (under the git-ignored .ibnet folder). */
export const E2E_DIR = join(process.cwd(), '.ibnet', 'e2e');
export const E2E_KUBECONFIG = join(E2E_DIR, 'kubeconfig');
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
