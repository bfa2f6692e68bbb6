import { describe, expect, it } from 'vitest';
import { nextConditions } from './conditions';

const ready = {
  status: 'True',
  reason: 'NetworkReady',
  message: 'NetworkAttachmentDefinition a/b is up to date',
} as const;
const t0 = new Date('2024-05-01T10:00:00.123Z');
const t1 = new Date('2024-05-01T11:00:00Z');

describe('nextConditions', () => {
  it('sets Ready with observedGeneration and a transition time', () => {
    expect(nextConditions(undefined, ready, 3, t0)).toEqual([
      {
        type: 'Ready',
        ...ready,
        observedGeneration: 3,
        lastTransitionTime: '2024-05-01T10:00:00Z',
      },
    ]);
  });

  it('asks for no write when nothing changed', () => {
    const current = nextConditions(undefined, ready, 3, t0);
    expect(nextConditions(current, ready, 3, t1)).toBeUndefined();
  });

  it('writes when only the generation moved, keeping the transition time', () => {
    const current = nextConditions(undefined, ready, 3, t0);
    const next = nextConditions(current, ready, 4, t1);
    expect(next?.[0]).toMatchObject({
      observedGeneration: 4,
      lastTransitionTime: '2024-05-01T10:00:00Z',
    });
  });

  it('moves the transition time when the status flips, and keeps other condition types', () => {
    const other = { type: 'Degraded', status: 'False' as const, reason: 'AsExpected' };
    const current = [other, ...(nextConditions(undefined, ready, 3, t0) ?? [])];
    const next = nextConditions(
      current,
      { status: 'False', reason: 'NamespaceNotFound', message: 'namespace "x" does not exist' },
      3,
      t1,
    );
    expect(next).toEqual([
      other,
      {
        type: 'Ready',
        status: 'False',
        reason: 'NamespaceNotFound',
        message: 'namespace "x" does not exist',
        observedGeneration: 3,
        lastTransitionTime: '2024-05-01T11:00:00Z',
      },
    ]);
  });
});
