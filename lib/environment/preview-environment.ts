import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import type { ResourceSpec } from '../microservice/resources';
import { resolveServiceSpec, ServiceOverrides } from '../microservice/service-definition';
import { Environment, EnvironmentProps } from './environment';
import { PreviewName } from './preview-name';
import { waiverAnnotations } from '../validation/policy-waivers';
import type { PolicyWaiver } from '../validation/policy-settings';
import { PREVIEW_RESOURCES } from './preview-options';
import { Image } from '../microservice/image';
import { parseRelease, ReleaseVersions, withRelease } from './release-versions';

/** Label on every object of a preview: its branch slug. `kubectl get ns -l shipshape.dev/preview` lists previews. */
export const PREVIEW_LABEL = 'shipshape.dev/preview';
/** Label on every object of a preview: when it expires, in Unix seconds, so a cleanup job can select `shipshape.dev/expires<now`. */
export const EXPIRES_LABEL = 'shipshape.dev/expires';
/** Namespace annotations for people: the exact branch, the expiry as ISO 8601, and the environment the preview copies. */
export const BRANCH_ANNOTATION = 'shipshape.dev/branch';
export const EXPIRES_AT_ANNOTATION = 'shipshape.dev/expires-at';
export const BASED_ON_ANNOTATION = 'shipshape.dev/based-on';

/**
 * The policy rules a preview does not follow by design, and why: shown in the preview's synth summary and kept as
 * `waive.shipshape.dev/<rule>` annotations on its objects, as a service's own waivers are.
 */
export const PREVIEW_WAIVERS: readonly PolicyWaiver[] = [
  { rule: 'min-replicas', reason: 'A preview runs one replica per service, so that many branches fit on the cluster; reviewers, not users, depend on it.' },
  { rule: 'pdb-for-replicas', reason: 'A preview runs one replica per service and no disruption budget, so a node drain never waits on a branch preview.' },
];

/** Props of a branch's preview environment. */
export interface PreviewEnvironmentProps {
  /** The environment the preview copies (every service, its config, releases and secrets references), usually staging. */
  readonly base: EnvironmentProps;
  /** The branch name, exactly as git knows it. */
  readonly branch: string;
  /** When a cleanup job may delete the preview. Passed in, so the same inputs give the same manifests. */
  readonly expiresAt: Date;
  /**
   * Images built from the branch, by service: a tag, digest or full reference, as in versions.json.
   * @default - the base environment's releases
   */
  readonly images?: ReleaseVersions;
}

/**
 * A complete, standalone copy of an environment for one branch: every service in its own
 * `preview-<slug>` namespace, one replica each, no autoscaler, small requests, and one host per
 * exposed service, `<service>.<slug>.<preview domain>`. Every object is labelled with the branch
 * slug and the expiry, so a cleanup job can find it.
 */
export class PreviewEnvironment extends Environment {
  /** The names derived from the branch. */
  public readonly preview: PreviewName;
  /** The environment the preview copies. */
  public readonly baseName: string;
  /** The host of each exposed service, by service name. */
  public readonly hosts: ReadonlyMap<string, string>;

  public constructor(scope: Construct, props: PreviewEnvironmentProps) {
    const name = PreviewName.of(props.branch);
    const { environment, hosts } = previewProps(props, name);
    super(scope, environment);
    this.preview = name;
    this.baseName = props.base.name;
    this.hosts = hosts;

    const expires = Math.floor(props.expiresAt.getTime() / 1000);
    if (!Number.isFinite(expires)) throw new ShipshapeError({ environment: environment.name, field: 'expiresAt' }, 'is not a valid time', 'pass a time such as 2025-03-01T12:00:00Z');
    for (const object of this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      // What a preview leaves out by design is recorded where a service records its waivers: on the objects.
      for (const [key, reason] of Object.entries(waiverAnnotations(object.kind, PREVIEW_WAIVERS))) object.metadata.addAnnotation(key, reason);
      object.metadata.addLabel(PREVIEW_LABEL, name.slug);
      object.metadata.addLabel(EXPIRES_LABEL, String(expires));
      if (object.kind === 'Namespace') {
        object.metadata.addAnnotation(BRANCH_ANNOTATION, props.branch);
        object.metadata.addAnnotation(EXPIRES_AT_ANNOTATION, props.expiresAt.toISOString().replace(/\.000Z$/, 'Z'));
        object.metadata.addAnnotation(BASED_ON_ANNOTATION, props.base.name);
      }
    }
  }
}

/** The base environment's definition changed into the preview's: same services, preview namespace, hosts and sizes. */
function previewProps(props: PreviewEnvironmentProps, name: PreviewName): { environment: EnvironmentProps; hosts: Map<string, string> } {
  const { base } = props;
  const options = base.preview ?? {};
  const domain = options.domain ?? `preview.${base.domain}`;
  const resources = options.resources ?? PREVIEW_RESOURCES;
  const hosts = new Map<string, string>();
  const overrides: Record<string, ServiceOverrides> = {};
  const environmentInstance = `${base.partOf ?? 'shipshape'}-${name.environment}`;
  if (environmentInstance.length > 63) {
    throw new ShipshapeError(
      { environment: name.environment, field: 'partOf' },
      `the preview label ${environmentInstance} is ${environmentInstance.length} characters long, more than the 63 a label value allows`,
      'use a partOf of at most 22 characters',
    );
  }
  for (const service of base.services) {
    const own = base.overrides?.[service.name] ?? {};
    const exposed = resolveServiceSpec(service, base.defaults, own).ingress;
    if (exposed) hosts.set(service.name, name.host(service.name, domain));
    overrides[service.name] = {
      ...own,
      replicas: 1,
      autoscaling: false,
      resources: mergeResources(own.resources, resources),
      ingress: exposed ? { ...(own.ingress || {}), hosts: [name.host(service.name, domain)] } : own.ingress,
    };
  }
  for (const [service, reference] of Object.entries(props.images ?? {})) {
    const definition = base.services.find((candidate) => candidate.name === service);
    const location = { environment: name.environment, service, field: `images.${service}` };
    if (!definition) {
      throw new ShipshapeError(location, `names a service that does not run in ${base.name} (services: ${base.services.map((s) => s.name).join(', ')})`, 'pass images of those services only');
    }
    try {
      const current = Image.of(withRelease(resolveServiceSpec(definition, base.defaults, base.overrides?.[service]), service, base.releases?.[service]).image);
      parseRelease(reference, current.repository, `images.${service}`);
    } catch (error) {
      throw error instanceof ShipshapeError ? error.within(location) : error;
    }
  }
  const environment: EnvironmentProps = {
    ...base,
    name: name.environment,
    namespace: name.environment,
    domain,
    overrides,
    releases: { ...base.releases, ...props.images },
    preview: undefined,
    gitops: undefined,
    extend: options.extend ? base.extend : undefined,
  };
  return { environment, hosts };
}

function mergeResources(base: ResourceSpec | undefined, preview: ResourceSpec): ResourceSpec {
  return {
    cpu: { ...base?.cpu, ...preview.cpu },
    memory: { ...base?.memory, ...preview.memory },
    ephemeralStorage: { ...base?.ephemeralStorage, ...preview.ephemeralStorage },
  };
}
