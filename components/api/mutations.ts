'use client';

import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type {
  DryRunRequest,
  NetworkDeleteRequest,
  NetworkPlural,
  NetworkWriteRequest,
  NetworkWriteResult,
  PodDetail,
  PolicyRow,
  PoolView,
  ReleaseRequest,
  SessionView,
  SignInRequest,
  TestPodRequest,
} from '@/lib/views/types';
import type { AdditionalNetwork, OpenShiftNetwork, SriovNetworkNodePolicy } from '@/lib/model';
import { type ApiError, api } from './client';

type M<TData, TVars> = UseMutationResult<TData, ApiError, TVars>;

/** Invalidates the given query families once a mutation settles (the stream confirms it too). */
function useSettle(...families: string[]) {
  const qc = useQueryClient();
  return () => Promise.all(families.map((f) => qc.invalidateQueries({ queryKey: [f] })));
}

export function useSignIn(): M<SessionView, SignInRequest> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.signIn,
    onSuccess: (session) => {
      // A new identity sees other data: drop everything cached for the previous one.
      qc.clear();
      qc.setQueryData(['session'], session);
    },
  });
}

export function useSignOut(): M<void, void> {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.signOut(), onSuccess: () => qc.clear() });
}

export function useCreateNetwork(): M<NetworkWriteResult, NetworkWriteRequest> {
  const settle = useSettle('networks', 'overview');
  return useMutation({ mutationFn: api.createNetwork, onSettled: settle });
}

export interface UpdateNetworkVars extends NetworkWriteRequest {
  plural: NetworkPlural;
  namespace: string;
  name: string;
}

/** A stale resourceVersion fails with code `conflict` and `error.body.current`: offer a rebase. */
export function useUpdateNetwork(): M<NetworkWriteResult, UpdateNetworkVars> {
  const settle = useSettle('networks', 'overview');
  return useMutation({
    mutationFn: ({ plural, namespace, name, ...body }) =>
      api.updateNetwork(plural, namespace, name, body),
    onSettled: settle,
  });
}

export interface DeleteNetworkVars extends NetworkDeleteRequest {
  plural: NetworkPlural;
  namespace: string;
  name: string;
}

/** In use: fails with code `in-use` and `error.body.pods`; repeat with `confirmPods` to proceed. */
export function useDeleteNetwork(): M<void, DeleteNetworkVars> {
  const settle = useSettle('networks', 'nads', 'overview');
  return useMutation({
    mutationFn: ({ plural, namespace, name, ...body }) =>
      api.deleteNetwork(plural, namespace, name, body),
    onSettled: settle,
  });
}

/** Server-side dry run for the editor's preview: nothing is stored. */
export function useDryRunNetwork(): M<NetworkWriteResult, DryRunRequest> {
  return useMutation({ mutationFn: api.dryRunNetwork });
}

export function useCreatePolicy(): M<PolicyRow, SriovNetworkNodePolicy> {
  const settle = useSettle('policies', 'overview');
  return useMutation({ mutationFn: api.createPolicy, onSettled: settle });
}

export function useUpdatePolicy(): M<PolicyRow, SriovNetworkNodePolicy> {
  const settle = useSettle('policies', 'overview');
  return useMutation({
    mutationFn: (object) =>
      api.updatePolicy(object.metadata.namespace ?? '', object.metadata.name ?? '', object),
    onSettled: settle,
  });
}

export function useDeleteOrphanNad(): M<
  void,
  { namespace: string; name: string; resourceVersion?: string }
> {
  const settle = useSettle('nads', 'networks');
  return useMutation({
    mutationFn: ({ namespace, name, resourceVersion }) =>
      api.deleteOrphanNad(namespace, name, resourceVersion),
    onSettled: settle,
  });
}

/** Refused with `conflict` when the allocation is no longer stale or the pool changed. */
export function useReleaseAllocation(): M<
  PoolView,
  ReleaseRequest & { namespace: string; name: string }
> {
  const settle = useSettle('pools', 'networks', 'overview');
  return useMutation({
    mutationFn: ({ namespace, name, ...body }) => api.releaseAllocation(namespace, name, body),
    onSettled: settle,
  });
}

export function useCreateTestPod(): M<PodDetail, TestPodRequest> {
  const settle = useSettle('pods');
  return useMutation({ mutationFn: api.createTestPod, onSettled: settle });
}

export function useDeleteTestPod(): M<void, { namespace: string; name: string }> {
  const settle = useSettle('pods');
  return useMutation({
    mutationFn: ({ namespace, name }) => api.deleteTestPod(namespace, name),
    onSettled: settle,
  });
}

export function useAddAdditionalNetwork(): M<
  OpenShiftNetwork,
  { network: AdditionalNetwork; resourceVersion?: string }
> {
  const settle = useSettle('openshift-network');
  return useMutation({
    mutationFn: ({ network, resourceVersion }) =>
      api.addAdditionalNetwork(network, resourceVersion),
    onSettled: settle,
  });
}

export function useRemoveAdditionalNetwork(): M<
  OpenShiftNetwork,
  { namespace: string; name: string; resourceVersion?: string }
> {
  const settle = useSettle('openshift-network');
  return useMutation({
    mutationFn: ({ namespace, name, resourceVersion }) =>
      api.removeAdditionalNetwork(namespace, name, resourceVersion),
    onSettled: settle,
  });
}
