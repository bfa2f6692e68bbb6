/**
 * The IPAM engine: address math, whereabouts/static/host-local semantics as the upstream
 * plugins implement them, pool usage and stale allocations, and the semantic checks of IPAM
 * configs. Used by the validator, the embedded cluster, the console and the CLI alike.
 */
export {
  addToAddress,
  addressOffset,
  compareAddresses,
  familyBits,
  formatAddress,
  formatPrefix,
  formatValue,
  lastAddressOf,
  networkOf,
  parseAddress,
  parsePrefix,
  prefixContains,
  prefixSize,
  toAddress,
  toPrefix,
  type IpAddress,
  type IpFamily,
  type IpPrefix,
  type ParseResult,
} from './address';
export { checkIpam, type IpamCheckContext } from './check';
export {
  ipamFromDocument,
  poolsFromDocuments,
  type IpamSource,
  type IpamSourceError,
} from './documents';
export { AddressParseError, IpamConfigError, IpamError, IpamExhaustedError } from './errors';
export { HostLocalAllocator, type HostLocalReservation } from './host-local';
export {
  parseHostLocalRanges,
  rangeSetUsable,
  type HostLocalRange,
  type ParsedHostLocal,
} from './host-local-config';
export {
  ipPoolName,
  isValidObjectName,
  normalizeRange,
  overlappingReservationName,
  poolNetworkName,
} from './names';
export { parseOffset, poolAllocations, poolBase, type PoolAllocation } from './pools';
export { staticAddresses, type StaticAddress } from './static';
export type { AllocatedAddress, AllocatedSet, WhereaboutsExclude, WhereaboutsRange } from './types';
export {
  findStaleAllocations,
  rangeUsage,
  type RangeUsage,
  type StaleAllocation,
  type StaleReason,
} from './usage';
export {
  allocateWhereabouts,
  nextAddresses,
  releaseWhereabouts,
  type WhereaboutsAllocation,
  type WhereaboutsExisting,
  type WhereaboutsRelease,
  type WhereaboutsStoreOptions,
} from './whereabouts-alloc';
export {
  countUsable,
  MAX_POOL_OFFSET,
  parseWhereaboutsRanges,
  type ParsedWhereabouts,
} from './whereabouts-config';
