'use client';

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type {
  AccessView,
  EventView,
  FabricView,
  ListResponse,
  NadRow,
  NetworkDetail,
  NetworkPlural,
  NetworkRow,
  NodeRow,
  NodeStateView,
  OverviewView,
  PodDetail,
  PodFilter,
  PodPage,
  PolicyRow,
  PoolView,
  SessionView,
  SignInOptions,
  StreamTopic,
} from '@/lib/views/types';
import type { OpenShiftNetwork } from '@/lib/model';
import { api } from './client';
import { queryKeys } from './keys';
import type { LiveState, LiveUpdates } from './live';

/** The tab's live-update manager, provided by QueryProvider. */
export const LiveUpdatesContext = createContext<LiveUpdates | null>(null);

/**
 * Keeps the tab's event stream subscribed to `topics` while the calling component is mounted.
 * Every read hook below calls it with the topics its view depends on.
 */
export function useLiveUpdates(topics: readonly StreamTopic[]): LiveState {
  const live = useContext(LiveUpdatesContext);
  const key = [...topics].sort().join(',');
  useEffect(() => {
    if (!live || !key) return;
    return live.subscribe(key.split(',') as StreamTopic[]);
  }, [live, key]);
  return useSyncExternalStore(
    (cb) => live?.onState(cb) ?? (() => {}),
    () => live?.state ?? 'off',
    () => 'off',
  );
}

type Q<T> = UseQueryResult<T, Error>;

export function useSession(): Q<SessionView> {
  return useQuery({ queryKey: queryKeys.session(), queryFn: api.session, staleTime: 60_000 });
}

export function useSignInOptions(): Q<SignInOptions> {
  return useQuery({ queryKey: queryKeys.signInOptions(), queryFn: api.signInOptions });
}

/** What the user may do; pass a namespace to learn that namespace's permissions too. */
export function useAccess(namespace?: string): Q<AccessView> {
  useLiveUpdates(['namespaces']);
  return useQuery({
    queryKey: queryKeys.access(namespace),
    queryFn: () => api.access(namespace),
    staleTime: 30_000,
  });
}

export function useOverview(): Q<OverviewView> {
  useLiveUpdates(['networks', 'nads', 'pods', 'pools', 'nodes', 'nodestates', 'policies']);
  return useQuery({ queryKey: queryKeys.overview(), queryFn: api.overview });
}

export function useNetworks(): Q<ListResponse<NetworkRow>> {
  useLiveUpdates(['networks', 'nads', 'pods', 'pools']);
  return useQuery({ queryKey: queryKeys.networks(), queryFn: api.networks });
}

export function useNetwork(
  plural: NetworkPlural,
  namespace: string,
  name: string,
): Q<NetworkDetail> {
  useLiveUpdates(['networks', 'nads', 'pods', 'pools', 'events']);
  return useQuery({
    queryKey: queryKeys.network(plural, namespace, name),
    queryFn: () => api.network(plural, namespace, name),
  });
}

export function usePods(filter: PodFilter = {}): Q<PodPage> {
  useLiveUpdates(['pods']);
  return useQuery({
    queryKey: queryKeys.pods(filter),
    queryFn: () => api.pods(filter),
    placeholderData: (previous) => previous,
  });
}

export function usePod(namespace: string, name: string): Q<PodDetail> {
  useLiveUpdates(['pods', 'nads', 'nodes', 'events']);
  return useQuery({
    queryKey: queryKeys.pod(namespace, name),
    queryFn: () => api.pod(namespace, name),
  });
}

export function usePools(): Q<ListResponse<PoolView>> {
  useLiveUpdates(['pools', 'pods', 'networks']);
  return useQuery({ queryKey: queryKeys.pools(), queryFn: api.pools });
}

export function usePool(namespace: string, name: string): Q<PoolView> {
  useLiveUpdates(['pools', 'pods']);
  return useQuery({
    queryKey: queryKeys.pool(namespace, name),
    queryFn: () => api.pool(namespace, name),
  });
}

export function useFabric(): Q<FabricView> {
  useLiveUpdates(['nodestates', 'nodes', 'pods']);
  return useQuery({ queryKey: queryKeys.fabric(), queryFn: api.fabric });
}

export function useNodeStates(): Q<ListResponse<NodeStateView>> {
  useLiveUpdates(['nodestates']);
  return useQuery({ queryKey: queryKeys.nodeStates(), queryFn: api.nodeStates });
}

export function useNodes(): Q<ListResponse<NodeRow>> {
  useLiveUpdates(['nodes', 'pods']);
  return useQuery({ queryKey: queryKeys.nodes(), queryFn: api.nodes });
}

export function useNamespaces(): Q<ListResponse<string>> {
  useLiveUpdates(['namespaces']);
  return useQuery({ queryKey: queryKeys.namespaces(), queryFn: api.namespaces });
}

export function useEvents(
  filter: { namespace?: string; kind?: string; name?: string } = {},
): Q<ListResponse<EventView>> {
  useLiveUpdates(['events']);
  return useQuery({ queryKey: queryKeys.events(filter), queryFn: () => api.events(filter) });
}

export function useNads(): Q<ListResponse<NadRow>> {
  useLiveUpdates(['nads', 'networks']);
  return useQuery({ queryKey: queryKeys.nads(), queryFn: api.nads });
}

export function usePolicies(): Q<ListResponse<PolicyRow>> {
  useLiveUpdates(['policies', 'nodes']);
  return useQuery({ queryKey: queryKeys.policies(), queryFn: api.policies });
}

export function usePolicy(namespace: string, name: string): Q<PolicyRow> {
  useLiveUpdates(['policies', 'nodes']);
  return useQuery({
    queryKey: queryKeys.policy(namespace, name),
    queryFn: () => api.policy(namespace, name),
  });
}

export function useOpenShiftNetwork(): Q<OpenShiftNetwork> {
  return useQuery({ queryKey: queryKeys.openshiftNetwork(), queryFn: api.openshiftNetwork });
}
