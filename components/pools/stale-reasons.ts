import type { AllocationView } from '@/lib/views/types';

/** Why an allocation counts as stale, in plain words. */
export const STALE_REASONS: Record<NonNullable<AllocationView['staleReason']>, string> = {
  'pod-gone': 'That pod no longer exists: it went away without whereabouts releasing its address.',
  'address-not-in-status':
    'That pod exists, but its network-status does not report this address: the allocation is left over from an earlier attempt.',
};
