export * from './kubeconfig';
export * from './leader-election';
export * from './logger';
export * from './metrics';
export * from './ops-server';
export * from './recent-writes';
export * from './shutdown';
export * from './work-queue';
