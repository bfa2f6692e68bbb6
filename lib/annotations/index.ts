export * from './addresses';
export * from './guid';
export { parseJsonText, type JsonSyntaxProblem, type ParsedJsonText } from './json-text';
export * from './network-status';
export * from './networks';
export * from './podnetinfo';
