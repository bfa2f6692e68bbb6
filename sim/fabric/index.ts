/**
 * The simulated InfiniBand fabric of the embedded cluster: nodes with ConnectX-7 PFs, a sysfs
 * tree and an `ip` stand-in per node, the SR-IOV device plugin, and the scheduler, kubelet,
 * Multus and CNI plugins that attach VFs to pods. See README.md beside this file.
 */
export { SimulatedFabric, type FabricNode } from './fabric';
export {
  CX7_PF_DEVICE,
  CX7_VF_DEVICE,
  IPOIB_DEFAULT_MTU,
  IPOIB_MAX_MTU,
  pfNetdevName,
  vfNetdevName,
  vfPciAddress,
  type FabricOptions,
  type SimNodeConfig,
  type SimPfConfig,
} from './config';
export { SimKernel, type NumVfsOutcome } from './kernel';
export type { NodeHardware, PfState, VfState, VfAdminState } from './hardware';
