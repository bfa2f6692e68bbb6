#!/usr/bin/env node
// Entry shim: the command is written in TypeScript and runs through tsx's loader.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('../main.ts');
