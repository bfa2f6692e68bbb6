import { describe, expect, it } from 'vitest';
import { pfModel } from './devices';

describe('pfModel', () => {
  it('names Mellanox PFs by device ID', () => {
    expect(pfModel('15b3', '1021')).toBe('ConnectX-7 (15b3:1021)');
    expect(pfModel('0x15B3', '0xA2DC')).toBe('BlueField-3 (15b3:a2dc)');
    expect(pfModel(undefined, '101d')).toBe('ConnectX-6 Dx (????:101d)');
  });

  it('shows unknown IDs as they are, never a guessed model', () => {
    expect(pfModel('8086', '1021')).toBe('device 8086:1021');
    expect(pfModel('15b3', 'beef')).toBe('device 15b3:beef');
    expect(pfModel('15b3', undefined)).toBe('unknown device');
  });
});
