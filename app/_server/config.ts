import type { ConsoleMode } from '@/lib/views/types';
import {
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_RESOURCE_PREFIX,
  DEFAULT_WHEREABOUTS_NAMESPACE,
} from '@/lib/model';

/** How the console authenticates users in `in-cluster` mode. */
export type AuthMode = 'token' | 'impersonate';

/** Everything the console reads from its environment, checked once. */
export interface ConsoleConfig {
  mode: ConsoleMode;
  /** Kubeconfig file (embedded and kubeconfig modes). */
  kubeconfigPath?: string;
  auth: AuthMode;
  /** Trusted proxy headers (only read when `auth` is `impersonate`). */
  userHeader: string;
  groupsHeader: string;
  /** 32-byte key for the session cookie; random per process when not configured. */
  sessionKey?: Uint8Array;
  sessionTtlSeconds: number;
  operatorNamespace: string;
  whereaboutsNamespace: string;
  resourcePrefix: string;
  /** Namespaces watched for users who may not list namespaces. */
  extraNamespaces: string[];
  /** Origin browsers use to reach the console, when it differs from the Host header (a proxy). */
  publicOrigin?: string;
  /** Where the service-account files are mounted (in-cluster); `/` unless relocated. */
  serviceAccountRoot?: string;
}

/** A console misconfiguration: what is wrong and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MODES: ConsoleMode[] = ['embedded', 'kubeconfig', 'in-cluster'];

function sessionKeyFrom(secret: string | undefined): Uint8Array | undefined {
  if (!secret) return undefined;
  if (secret.length < 32) {
    throw new ConfigError(
      'IBNET_SESSION_SECRET is too short: use at least 32 random characters (e.g. `openssl rand -base64 32`).',
    );
  }
  return new Uint8Array(Buffer.from(secret, 'utf8'));
}

/** Reads the console configuration from environment variables (see components/api/README.md). */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  const raw = env.IBNET_MODE ?? (env.KUBERNETES_SERVICE_HOST ? 'in-cluster' : 'kubeconfig');
  if (!MODES.includes(raw as ConsoleMode)) {
    throw new ConfigError(`IBNET_MODE "${raw}" is not one of ${MODES.join(', ')}.`);
  }
  const mode = raw as ConsoleMode;
  const auth = (env.IBNET_AUTH ?? 'token') as AuthMode;
  if (auth !== 'token' && auth !== 'impersonate') {
    throw new ConfigError(`IBNET_AUTH "${auth}" is not one of token, impersonate.`);
  }
  if (auth === 'impersonate' && mode !== 'in-cluster') {
    throw new ConfigError(
      'IBNET_AUTH=impersonate is only for IBNET_MODE=in-cluster behind an auth proxy.',
    );
  }

  const kubeconfigPath =
    mode === 'embedded'
      ? env.IBNET_KUBECONFIG
      : mode === 'kubeconfig'
        ? (env.IBNET_KUBECONFIG ??
          env.KUBECONFIG?.split(':')[0] ??
          `${env.HOME ?? ''}/.kube/config`)
        : undefined;
  if (mode === 'embedded' && !kubeconfigPath) {
    throw new ConfigError(
      'IBNET_MODE=embedded needs IBNET_KUBECONFIG: the kubeconfig the embedded cluster wrote.',
    );
  }

  const sessionKey = sessionKeyFrom(env.IBNET_SESSION_SECRET);
  if (mode === 'in-cluster' && !sessionKey) {
    throw new ConfigError(
      'IBNET_MODE=in-cluster needs IBNET_SESSION_SECRET (32+ random characters) so sessions survive restarts and replicas agree.',
    );
  }

  const ttl = Number(env.IBNET_SESSION_TTL_SECONDS ?? 8 * 3600);
  return {
    mode,
    kubeconfigPath,
    auth,
    userHeader: (env.IBNET_AUTH_USER_HEADER ?? 'x-forwarded-user').toLowerCase(),
    groupsHeader: (env.IBNET_AUTH_GROUPS_HEADER ?? 'x-forwarded-groups').toLowerCase(),
    sessionKey,
    sessionTtlSeconds: Number.isFinite(ttl) && ttl > 60 ? ttl : 8 * 3600,
    operatorNamespace: env.IBNET_OPERATOR_NAMESPACE ?? DEFAULT_OPERATOR_NAMESPACE,
    whereaboutsNamespace: env.IBNET_WHEREABOUTS_NAMESPACE ?? DEFAULT_WHEREABOUTS_NAMESPACE,
    resourcePrefix: env.IBNET_RESOURCE_PREFIX ?? DEFAULT_RESOURCE_PREFIX,
    extraNamespaces: (env.IBNET_NAMESPACES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    publicOrigin: env.IBNET_PUBLIC_ORIGIN?.replace(/\/$/, ''),
    serviceAccountRoot: env.IBNET_SERVICEACCOUNT_ROOT,
  };
}
