import type { Issue } from '../diagnostics/types';
import type { AllocatedSet } from './types';

/** Base of every error the IPAM engine throws. */
export class IpamError extends Error {
  override name = 'IpamError';
}

/** Text that is not the address or CIDR it should be. */
export class AddressParseError extends IpamError {
  override name = 'AddressParseError';

  constructor(
    /** The text as given. */
    readonly input: string,
    /** What it should have been: 'address' or 'CIDR'. */
    readonly expected: 'address' | 'CIDR',
    /** What is wrong with it. */
    readonly reason: string,
    /** The corrected text, when obvious. */
    readonly suggestion?: string,
  ) {
    const fix = suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
    super(`'${input}' is not a valid ${expected}: it ${reason}${fix}`);
  }
}

/**
 * A config the plugin itself would refuse (the pod would fail to start). `issues` holds the
 * blocking findings with paths into the IPAM object.
 */
export class IpamConfigError extends IpamError {
  override name = 'IpamConfigError';

  constructor(readonly issues: Issue[]) {
    const lines = issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
    super(`the IPAM config cannot be used:\n  ${lines.join('\n  ')}`);
  }
}

/**
 * A range with no free address left. The message names the range and its usable count, e.g.
 * `range 192.168.10.0/29 is full: all 6 usable addresses are allocated`.
 */
export class IpamExhaustedError extends IpamError {
  override name = 'IpamExhaustedError';

  constructor(
    /** The full range, as CIDR (whereabouts) or range-set text (host-local). */
    readonly range: string,
    /** How many addresses the range can hand out at all. */
    readonly usable: bigint,
    /** Allocations made before the range ran out (nextAddresses with a count > 1). */
    readonly allocated: AllocatedSet[] = [],
    detail = '',
  ) {
    const head =
      usable === 0n
        ? `range ${range} has no usable address`
        : `range ${range} is full: all ${usable} usable address${usable === 1n ? ' is' : 'es are'} allocated`;
    super(`${head}${detail}; release stale allocations or widen the range`);
  }
}
