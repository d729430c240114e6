// The public surface of shipshape: everything a service or environment file may import.
export { ShipshapeError } from './errors';
export type { ErrorLocation } from './errors';
export { FieldProvenance } from './field-provenance';
export type { DefinitionField } from './field-provenance';

export { defineService } from './microservice/service-definition';
export type { ServiceOverrides, ServiceDefaults, ImageRelease } from './microservice/service-definition';
export type {
  ServiceSpec,
  ServiceDefinition,
  MicroserviceProps,
  HealthOptions,
  MetricsOptions,
  SpreadOptions,
} from './microservice/microservice-props';
export type { DisruptionBudgetOptions } from './microservice/pod-disruption-budget';
export { Microservice, CONFIG_HASH_ANNOTATION, SECRETS_HASH_ANNOTATION, CHANGE_CAUSE_ANNOTATION } from './microservice/microservice';
export { HealthCheck } from './microservice/health-check';
export type { ProbeTiming, NetworkCheckOptions } from './microservice/health-check';
export { Image } from './microservice/image';
export type { ImageReference, ImageSpec } from './microservice/image';
export type { ServicePort } from './microservice/ports';
export { DEFAULT_RESOURCES } from './microservice/resources';
export type { ResourceSpec, ResourceRange } from './microservice/resources';
export type { RolloutOptions } from './microservice/rollout';
export type { SecurityOptions } from './microservice/security';
export type { AutoscalingOptions } from './microservice/horizontal-pod-autoscaler';
export type { IngressRuleOptions, IngressRoute } from './microservice/ingress-rule';
export type { ExternalEgress, NetworkAccess, NetworkPeer } from './microservice/network-policy';
export type { ConfigValues } from './microservice/config-map';
export { priorityClassName, PRIORITY_TIERS } from './microservice/priority-tier';
export type { PriorityTier } from './microservice/priority-tier';

export { defineEnvironment } from './environment/define-environment';
export type { EnvironmentDefinition, EnvironmentExtension, IngressOptions, MonitoringOptions } from './environment/environment-definition';
export { applyRestrictedPodDefaults } from './environment/restricted-pod-defaults';
export { PriorityClasses } from './environment/priority-classes';
export type { PriorityClassesProps } from './environment/priority-classes';
export { Environment } from './environment/environment';
export type { EnvironmentProps } from './environment/environment';
export { PreviewEnvironment, PREVIEW_LABEL, EXPIRES_LABEL } from './environment/preview-environment';
export type { PreviewEnvironmentProps } from './environment/preview-environment';
export { environmentGraph } from './environment/environment-graph';
export { PreviewName } from './environment/preview-name';
export type { PreviewOptions } from './environment/preview-options';
export { GitOpsHandoff } from './environment/gitops';
export type { GitOpsOptions, ArgoCdOptions, FluxOptions, GitOpsHandoffProps } from './environment/gitops';
export { parseRelease, formatRelease, VERSIONS_FILE } from './environment/release-versions';
export type { ReleaseVersions } from './environment/release-versions';

export type { SecretCatalog } from './secrets/secret-catalog';
export { secretCatalogOf } from './secrets/secret-catalog';
export { EncryptionKey } from './secrets/encryption-key';
export type { AwsKmsEncryptionKey, RsaEncryptionKey, AesEncryptionKey } from './secrets/encryption-key';
export { SecretsFile, SECRETS_FORMAT } from './secrets/secrets-file';
export type { SecretEntry } from './secrets/secrets-file';
// The cipher (lib/secrets/secret-cipher) loads the AWS Encryption SDK; import it from there, so
// service and environment files, which import this module, do not pay for it.

export { synthesizeEnvironments } from './synth/synthesize';
export type { EnvironmentManifests, SynthesizeOptions } from './synth/synthesize';
export { InvalidManifestsError } from './synth/invalid-manifests-error';

export { validateObjects, errorsOf, warningsOf, waivedOf, isCustomResource, ALL_RULES, WAIVER_ANNOTATION_PREFIX } from './validation/validate-objects';
export type { ValidationOptions } from './validation/validate-objects';
export type { Finding, RuleInfo, RuleGroup, Severity } from './validation/rule';
export type { PolicyRuleId, LoweredSeverity } from './validation/policy-rules';
export type { PolicyWaiver, PolicyOptions } from './validation/policy-settings';
export type { KubeObject } from './validation/kube-object';
export { readManifestText } from './validation/manifest-documents';
export type { ManifestDocument, ManifestSyntaxError } from './validation/manifest-documents';
export { synthesizeGitOps, GITOPS_FOLDER } from './synth/gitops-manifests';
export { diffManifestTrees, diffEnvironmentFiles } from './diff/manifest-diff';
export type { EnvironmentDiff, ServiceDiff, ObjectDiff } from './diff/manifest-diff';
export type { FieldChange } from './diff/field-changes';
export { renderDiffReport } from './diff/diff-report';
export type { ManifestTree } from './diff/manifest-tree';
export type { GitOpsManifests } from './synth/gitops-manifests';
