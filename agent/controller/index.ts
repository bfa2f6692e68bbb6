/**
 * The network controller as a library, for `ibnet demo` and tests that run it in-process:
 * `const controller = await startController({ client }); … await controller.stop();`
 */
export {
  type ControllerMode,
  type ControllerOptions,
  DEFAULT_LEASE_NAME,
  type LeaderElectionTuning,
  type RunningController,
  startController,
} from './controller';
export { REASONS } from './conditions';
export { STATUS_CONFIGMAP, UPSTREAM_DEPLOYMENT, UPSTREAM_LEASE } from './coexistence';
export { CONTROLLER_CLUSTER_RULES, CONTROLLER_NAMESPACE_RULES, type PolicyRule } from './rbac';
