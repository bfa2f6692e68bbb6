import type { Tone } from '@/components/common/ui';
import type { FabricVf } from '@/lib/views/types';

/** How each GUID state is shown: a tone (colour + icon) and the words that carry the meaning. */
export const GUID_STATES: Record<
  FabricVf['guidState'],
  { tone: Tone; label: string; meaning: string }
> = {
  ok: { tone: 'ok', label: 'GUID set', meaning: 'A unique, valid GUID.' },
  zero: {
    tone: 'error',
    label: 'Zero GUID',
    meaning: 'All zeros: the VF is unconfigured and ib-sriov-cni fails pods on it.',
  },
  duplicate: {
    tone: 'warning',
    label: 'Duplicate GUID',
    meaning: 'Another VF has the same GUID: the subnet manager cannot tell them apart.',
  },
  invalid: {
    tone: 'error',
    label: 'Invalid GUID',
    meaning: 'Not a usable GUID (format, or all ff).',
  },
  none: {
    tone: 'neutral',
    label: 'No GUID',
    meaning: 'The node state reports no GUID for the VF.',
  },
};
