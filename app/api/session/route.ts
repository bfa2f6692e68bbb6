import { z } from 'zod';
import { json, parseBody, publicRoute, sessionOf } from '@/app/_server/http';
import { ApiProblem } from '@/app/_server/problems';
import { clearSessionCookie, sessionCookie } from '@/app/_server/session';
import { sessionView } from '@/app/_server/session-view';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const SignInSchema = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('token'),
      token: z.string().min(1).max(16_384),
      context: z.string().max(253).optional(),
    })
    .strict(),
  z.object({ method: z.literal('demo'), user: z.enum(['admin', 'editor', 'viewer']) }).strict(),
  z.object({ method: z.literal('context'), context: z.string().min(1).max(253) }).strict(),
  z.object({ method: z.literal('proxy') }).strict(),
]);

/** The signed-in user, and the CSRF token mutating requests must echo. */
export const GET = publicRoute(async ({ request, console }) => {
  const session = await sessionOf(request, console);
  return sessionView(session, console);
});

/** Signs in: validates the identity with the cluster, then sets the encrypted session cookie. */
export const POST = publicRoute(
  async ({ request, console, body }) => {
    // Behind a proxy the console trusts, failures count per client; otherwise all together.
    const trusted = console.config.auth === 'impersonate' || !!console.config.publicOrigin;
    const client = trusted
      ? (request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct')
      : 'direct';
    const wait = console.signInLimiter.retryAfter(client);
    if (wait > 0) {
      throw new ApiProblem(
        429,
        'rate-limited',
        `Too many failed sign-in attempts; wait ${wait} s and try again.`,
        'TooManyRequests',
        { retryAfterSeconds: wait },
      );
    }
    const signIn = parseBody(SignInSchema, body);
    let fields;
    try {
      fields = await console.authenticator.signIn(signIn, request);
    } catch (err) {
      // Refused identities count; a cluster that is merely unreachable does not.
      if (err instanceof ApiProblem && (err.status === 401 || err.status === 400)) {
        console.signInLimiter.fail(client);
      }
      throw err;
    }
    const session = console.codec.create(fields);
    const sealed = await console.codec.seal(session);
    const secure =
      new URL(request.url).protocol === 'https:' ||
      !!console.config.publicOrigin?.startsWith('https:');
    return json(sessionView(session, console), 200, {
      'Set-Cookie': sessionCookie(sealed, console.codec.ttlSeconds, secure),
    });
  },
  { maxBody: 32 * 1024 },
);

/** Signs out: the cookie is cleared (the token inside it is never stored anywhere else). */
export const DELETE = publicRoute(async ({ request, console }) => {
  const secure =
    new URL(request.url).protocol === 'https:' ||
    !!console.config.publicOrigin?.startsWith('https:');
  return json(undefined, 200, { 'Set-Cookie': clearSessionCookie(secure) });
});
