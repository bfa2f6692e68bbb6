/**
 * Mellanox/NVIDIA adapters by PCI device ID, as the node state reports them (`deviceID`, hex
 * without 0x). PFs have one ID per model; most newer models share the VF ID 101e.
 */
const MELLANOX = '15b3';

const PF_MODELS: Record<string, string> = {
  '1013': 'ConnectX-4',
  '1015': 'ConnectX-4 Lx',
  '1017': 'ConnectX-5',
  '1019': 'ConnectX-5 Ex',
  '101b': 'ConnectX-6',
  '101d': 'ConnectX-6 Dx',
  '101f': 'ConnectX-6 Lx',
  '1021': 'ConnectX-7',
  a2d6: 'BlueField-2',
  a2dc: 'BlueField-3',
};

const VF_MODELS: Record<string, string> = {
  '1014': 'ConnectX-4 VF',
  '1016': 'ConnectX-4 Lx VF',
  '1018': 'ConnectX-5 VF',
  '101a': 'ConnectX-5 Ex VF',
  '101c': 'ConnectX-6 VF',
  '101e': 'ConnectX-6 Dx or later VF',
};

function normalizeId(id: string | undefined): string {
  return (id ?? '').toLowerCase().replace(/^0x/, '');
}

/**
 * The adapter model of a PF, e.g. "ConnectX-7 (15b3:1021)"; the bare IDs when the model is not
 * one ibnet knows, and "unknown device" when the node state reports none.
 */
export function pfModel(vendor: string | undefined, deviceID: string | undefined): string {
  const v = normalizeId(vendor);
  const d = normalizeId(deviceID);
  if (!d) return 'unknown device';
  const ids = `${v || '????'}:${d}`;
  const model = v === MELLANOX || v === '' ? (PF_MODELS[d] ?? VF_MODELS[d]) : undefined;
  return model ? `${model} (${ids})` : `device ${ids}`;
}
