import type { SessionView } from '@/lib/views/types';
import type { ConsoleServer } from './console';
import type { Session } from './session';
import { TEST_POD_IMAGE } from './test-pods';

/** What the browser may know of its session: never the token. */
export function sessionView(session: Session, console: ConsoleServer): SessionView {
  return {
    mode: console.config.mode,
    method: session.method,
    user: session.user,
    context: session.context,
    defaultNamespace: session.defaultNamespace,
    expiresAt: new Date(session.expiresAt * 1000).toISOString(),
    csrfToken: session.csrf,
    testPodImage: TEST_POD_IMAGE,
  };
}
