/**
 * The compiler options every repository shipshape scaffolds starts from: strict, Node.js 20's module system,
 * jest's globals, and each file compilable on its own (as swc and the loader compile definitions).
 */
export const SCAFFOLD_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  lib: ['ES2022'],
  types: ['node', 'jest'],
  strict: true,
  esModuleInterop: true,
  isolatedModules: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
} as const;
