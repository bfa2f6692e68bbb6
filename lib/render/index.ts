export * from './embedded-json';
export * from './nad';
