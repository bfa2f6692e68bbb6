export * from './desired';
export * from './selectors';
