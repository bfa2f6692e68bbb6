export * from './client';
export * from './errors';
export * from './informer';
export * from './resources';
export * from './retry';
export * from './transport';
export * from './watch-stream';
