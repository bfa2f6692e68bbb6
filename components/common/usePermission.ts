'use client';

import { useAccess } from '@/components/api';
import { can } from '@/lib/views/access';
import type { AccessResource, AccessVerb } from '@/lib/views/types';

export interface Permission {
  allowed: boolean;
  /** Why not, in words fit for a disabled control's tooltip; undefined when allowed or unknown yet. */
  reason?: string;
  loading: boolean;
}

/**
 * Whether the signed-in user may `verb` the `resource` (in `namespace`), from the cached access
 * review. While the answer loads, the action counts as not allowed but without a reason.
 */
export function usePermission(
  verb: AccessVerb,
  resource: AccessResource,
  namespace?: string,
): Permission {
  const access = useAccess(namespace);
  if (!access.data) return { allowed: false, loading: access.isLoading };
  const allowed = can(access.data, verb, resource, namespace);
  const where = namespace ? ` in namespace ${namespace}` : '';
  return {
    allowed,
    loading: false,
    reason: allowed
      ? undefined
      : `You (${access.data.user.username}) may not ${verb} ${resource}${where}.`,
  };
}
