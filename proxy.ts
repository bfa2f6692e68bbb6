import { type NextRequest, NextResponse } from 'next/server';
import { applySecurityHeaders, isLoopbackHost } from './app/_server/security';

/**
 * Runs before every page and route: security headers on every response, and in kubeconfig mode
 * (the workstation's own credentials) nothing is served to a non-loopback Host. API routes
 * repeat both checks themselves so they hold when handlers are called directly.
 */
export function proxy(request: NextRequest) {
  const mode =
    process.env.IBNET_MODE ?? (process.env.KUBERNETES_SERVICE_HOST ? 'in-cluster' : 'kubeconfig');
  if (mode === 'kubeconfig' && !isLoopbackHost(request)) {
    const refused = new NextResponse(
      'In kubeconfig mode the console only serves on 127.0.0.1 (start it with `next start -H 127.0.0.1`).',
      { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
    );
    applySecurityHeaders(refused.headers);
    return refused;
  }
  const response = NextResponse.next();
  applySecurityHeaders(response.headers);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
