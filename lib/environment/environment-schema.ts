import * as v from 'valibot';
import { AUTOSCALING_OVERRIDE, CONFIG, DISRUPTION_BUDGET, EGRESS, IMAGE, IMAGE_REFERENCE, INGRESS, REPLICAS, RESOURCES, ROLLOUT, SERVICE_DEFINITION, SPREAD } from '../microservice/service-schema';
import type { ServiceDefinition } from '../microservice/microservice-props';
import type { ImageSpec } from '../microservice/image';
import { ImageRelease, isDefinedService, ServiceDefaults, ServiceOverrides } from '../microservice/service-definition';
import { aFunction, either, falseValue, fields, list, nonEmptyText, oneOf, Schema, textMap, valid, yesOrNo } from '../schema/field-schemas';
import { expected, mistakeMessage } from '../schema/mistake-message';
import { describeValue } from '../schema/value-description';
import { hostProblem } from '../validation/names';
import type { AesEncryptionKey, AwsKmsEncryptionKey, EncryptionKey, RsaEncryptionKey } from '../secrets/encryption-key';
import type { LoweredSeverity, PolicyRuleId } from '../validation/policy-rules';
import type { PolicyOptions } from '../validation/policy-settings';
import type { EnvironmentDefinition, EnvironmentExtension, IngressOptions, MonitoringOptions } from './environment-definition';
import type { ArgoCdOptions, FluxOptions, GitOpsOptions } from './gitops';
import type { PreviewOptions } from './preview-options';

// The shape and types of an environment definition, checked when it is defined and again when its chart is
// built (a definition need not come from defineEnvironment). Its services are checked as service definitions,
// unless defineService checked them already.

const NAME = nonEmptyText('a lowercase name such as "staging"');
/** A DNS domain; one written as a URL (`https://staging.example.com`) is shown as the domain in it. */
const DOMAIN = valid(nonEmptyText('a DNS domain such as "staging.example.com"'), hostProblem, (domain) => {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:]+)/i.exec(domain)?.[1];
  return host ? `write the domain alone, without a scheme or path: "${host.toLowerCase()}"` : 'write a lowercase DNS domain such as "staging.example.com"';
});

const RELEASE = fields<ImageRelease>(
  { tag: v.optional(nonEmptyText('a release tag such as "1.4.2"')), digest: v.optional(nonEmptyText('a digest such as "sha256:…"')) },
  { owner: 'an image release', expected: 'a release such as { tag: "1.4.2" }' },
);

const IMAGE_OVERRIDE = either<ImageSpec | ImageRelease>('an image such as "ghcr.io/acme/api:1.4.2", or a release such as { tag: "1.4.2" }', {
  string: IMAGE,
  object: v.lazy((input) => ('repository' in (input as object) ? IMAGE_REFERENCE : RELEASE)) as unknown as Schema<ImageRelease>,
});

const OVERRIDES = v.record(
  v.string(),
  fields<ServiceOverrides>(
    {
      image: v.optional(IMAGE_OVERRIDE),
      replicas: v.optional(REPLICAS),
      autoscaling: v.optional(AUTOSCALING_OVERRIDE),
      resources: v.optional(RESOURCES),
      config: v.optional(CONFIG),
      ingress: v.optional(INGRESS),
      egress: v.optional(EGRESS),
      rollout: v.optional(ROLLOUT),
      spread: v.optional(SPREAD),
      disruptionBudget: v.optional(DISRUPTION_BUDGET),
    },
    { owner: 'an override', expected: 'overrides such as { replicas: 3 }' },
  ),
  expected('overrides by service name, such as { api: { replicas: 3 } }'),
);

const DEFAULTS = fields<ServiceDefaults>(
  { replicas: v.optional(REPLICAS), resources: v.optional(RESOURCES), rollout: v.optional(ROLLOUT), spread: v.optional(SPREAD) },
  { owner: 'defaults', expected: 'defaults such as { replicas: 2 }' },
);

const INGRESS_OPTIONS = fields<IngressOptions>(
  {
    className: v.optional(NAME),
    clusterIssuer: v.optional(either<string | false>('a ClusterIssuer name such as "letsencrypt", or false', { string: nonEmptyText('a ClusterIssuer name'), false: falseValue() })),
    controllerNamespace: v.optional(NAME),
    controllerPodLabels: v.optional(textMap('labels such as { "app.kubernetes.io/name": "ingress-nginx" }')),
    annotations: v.optional(textMap('annotations such as { "nginx.ingress.kubernetes.io/proxy-body-size": "8m" }')),
  },
  { owner: 'ingress', expected: 'ingress options such as { clusterIssuer: "letsencrypt" }' },
);

const MONITORING = fields<MonitoringOptions>(
  { namespace: NAME, podLabels: v.optional(textMap('labels such as { "app.kubernetes.io/name": "prometheus" }')) },
  { owner: 'monitoring', expected: 'monitoring such as { namespace: "monitoring" }' },
);

const PREVIEW = fields<PreviewOptions>(
  { domain: v.optional(DOMAIN), ttl: v.optional(nonEmptyText('a duration such as "72h" or "7d"')), resources: v.optional(RESOURCES), extend: v.optional(yesOrNo()) },
  { owner: 'preview', expected: 'preview options such as { domain: "preview.example.com" }' },
);

const GITOPS = fields<GitOpsOptions>(
  {
    repoURL: nonEmptyText('a git repository URL such as "https://github.com/acme/platform.git"'),
    targetRevision: v.optional(nonEmptyText('a branch or tag such as "main"')),
    path: v.optional(nonEmptyText('a folder such as "manifests/production"')),
    server: v.optional(nonEmptyText('a cluster API URL such as "https://kubernetes.default.svc"')),
    automated: v.optional(yesOrNo()),
    argoCd: v.optional(fields<ArgoCdOptions>({ namespace: v.optional(NAME), project: v.optional(NAME) }, { owner: 'argoCd', expected: 'Argo CD options such as { namespace: "argocd" }' })),
    flux: v.optional(either<FluxOptions | false>('Flux options such as { interval: "5m" }, or false', {
      object: fields<FluxOptions>({ namespace: v.optional(NAME), interval: v.optional(nonEmptyText('a duration such as "5m"')) }, { owner: 'flux', expected: 'Flux options such as { interval: "5m" }' }),
      false: falseValue(),
    })),
  },
  { owner: 'gitops', expected: 'GitOps options such as { repoURL: "https://github.com/acme/platform.git" }' },
);

const KEY_WORDS = { owner: 'an encryption key', expected: 'a key made by EncryptionKey.awsKms(arn), EncryptionKey.rsa(name) or EncryptionKey.aes(name)' };
const KEY_NAME = nonEmptyText('a key name such as "ci"');
const KEYS: Record<EncryptionKey['type'], Schema<EncryptionKey>> = {
  'aws-kms': fields<AwsKmsEncryptionKey>({ type: v.literal('aws-kms'), keyArn: nonEmptyText('a KMS key ARN') }, KEY_WORDS),
  rsa: fields<RsaEncryptionKey>({ type: v.literal('rsa'), name: KEY_NAME, publicKeyFile: v.optional(nonEmptyText('a file such as "keys/ci.pub.pem"')) }, KEY_WORDS),
  aes: fields<AesEncryptionKey>({ type: v.literal('aes'), name: KEY_NAME }, KEY_WORDS),
};
const NOT_A_KEY = v.never(expected(KEY_WORDS.expected)) as unknown as Schema<EncryptionKey>;
const ENCRYPTION_KEY = either<EncryptionKey>(KEY_WORDS.expected, {
  object: v.lazy((input) => {
    const type = (input as { type?: unknown }).type;
    return typeof type === 'string' && Object.hasOwn(KEYS, type) ? KEYS[type as EncryptionKey['type']] : NOT_A_KEY;
  }) as unknown as Schema<EncryptionKey>,
});

const POLICY = fields<PolicyOptions>(
  {
    severities: v.optional(v.record(
      v.custom<PolicyRuleId>((input) => typeof input === 'string'),
      oneOf<readonly LoweredSeverity[]>(['warning', 'off']),
    ) as unknown as Schema<PolicyOptions['severities']>),
  },
  { owner: 'policy', expected: 'policy settings such as { severities: { "read-only-root-fs": "warning" } }' },
);

const DEFINED_SERVICE = v.custom<ServiceDefinition>(() => true);
const NOT_A_SERVICE = v.never((issue) => mistakeMessage(issue.input === undefined
  ? { problem: 'is undefined', fix: 'check the import of that service file (a circular or misspelt import)' }
  : { problem: `expected a service made with defineService, found ${describeValue(issue.input)}`, fix: 'import the service from services/ and list it, e.g. services: [api, web]' }));

/** A service as an environment lists it: checked whole, unless `defineService` checked it already. */
const SERVICE = v.lazy((input) => {
  if (isDefinedService(input)) return DEFINED_SERVICE;
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? SERVICE_DEFINITION : NOT_A_SERVICE;
}) as unknown as Schema<ServiceDefinition>;

/** An environment definition as `defineEnvironment` takes it. */
export const ENVIRONMENT_DEFINITION = fields<EnvironmentDefinition>(
  {
    name: NAME,
    namespace: v.optional(NAME),
    domain: DOMAIN,
    partOf: v.optional(nonEmptyText('a system name such as "flowline"')),
    services: list(SERVICE, 'a list of services made with defineService, such as [api, web]'),
    overrides: v.optional(OVERRIDES),
    defaults: v.optional(DEFAULTS),
    ingress: v.optional(INGRESS_OPTIONS),
    monitoring: v.optional(MONITORING),
    preview: v.optional(PREVIEW),
    gitops: v.optional(GITOPS),
    encryptionKeys: v.optional(list(ENCRYPTION_KEY, 'a list of keys such as [EncryptionKey.aes("team")]')),
    demo: v.optional(yesOrNo()),
    policy: v.optional(POLICY),
    extend: v.optional(aFunction<EnvironmentExtension>('a function (chart, services) => { … }')),
  },
  { owner: 'an environment', expected: 'an environment definition such as { name: "staging", domain: "staging.example.com", services: [api] }' },
);
