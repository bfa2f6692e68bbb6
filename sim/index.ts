/**
 * The embedded cluster: an API server emulator that kubectl and client-node use unchanged, with
 * in-process access for tests and for the simulated fabric's controllers.
 */
export {
  type Cluster,
  type ClusterComponent,
  CrdInstallError,
  type StartClusterOptions,
  startCluster,
  SYSTEM_NAMESPACES,
} from './cluster';
export { Store } from './apiserver/store';
export type {
  ApplyOptions,
  DeleteOptions,
  DeleteResult,
  EventType,
  FieldValidation,
  ListOptions,
  ObjectList,
  PatchOptions,
  PatchType,
  PropagationPolicy,
  ResourceRef,
  SelectOptions,
  UpdateOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
  WriteOptions,
} from './apiserver/store-types';
export { ApiError, type Status, type StatusDetails } from './apiserver/errors';
export { type ErrorFault, FaultInjector, type FaultOptions } from './apiserver/faults';
export type { KubeObject, ObjectMeta, OwnerReference } from './apiserver/object';
export { type DemoUser, DEMO_USERS } from './apiserver/authn';
export {
  SimulatedFabric,
  type FabricNode,
  type FabricOptions,
  type SimNodeConfig,
  type SimPfConfig,
} from './fabric';
export { loadDemo, type DemoOptions, type DemoSummary } from './demo';
