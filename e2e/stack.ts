import { join } from 'node:path';

/** Where the browser tests' embedded cluster writes its kubeconfig (under the ignored test output). */
export const E2E_DIR = join(process.cwd(), 'test-results', 'e2e-stack');
export const E2E_KUBECONFIG = join(E2E_DIR, 'kubeconfig');
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
