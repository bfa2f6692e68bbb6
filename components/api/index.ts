export * from './client';
export * from './hooks';
export * from './keys';
export * from './live';
export * from './mutations';
export { QueryProvider } from './QueryProvider';
