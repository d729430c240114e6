// shipshape/testing: test a service definition on its own, in the service's repository or the platform's.
export { synthesizeService } from './synthesize-service';
export type { SynthesizeServiceOptions, SynthesizedService, ServiceVariant } from './synthesize-service';
export { synthesizeEnvironment } from './synthesize-environment';
export type { SynthesizedEnvironment } from './synthesize-environment';
export { synthesizePlatform } from './synthesize-platform';
export type { SynthesizedPlatform } from './synthesize-platform';
export { ENVIRONMENT_KINDS } from './environment-kind';
export type { EnvironmentKind } from './environment-kind';
export { assertService, ServiceAssertions, ServiceAssertionError } from './service-assertions';
export { policyGateProblems } from './policy-gate';
export type { SynthesizedObject } from './synthesized-object';
