import { ApiObject, App, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment, EnvironmentExtension, EnvironmentProps, ShipshapeError, synthesizeEnvironments } from '../lib';
import { parseObjects } from '../lib/testing/synthesized-object';
import { httpService } from './support/render';

// An environment takes any construct beside its services through `extend`: cdk8s-plus workloads, L1
// objects, custom resources. Each construct the hook adds gets its own file and the same validation.
const nightlyJob: EnvironmentExtension = (chart, services) => {
  new kplus.CronJob(chart, 'nightly-report', {
    metadata: { name: 'nightly-report' },
    schedule: Cron.daily(),
    containers: [{
      image: services.get('api')!.image.reference,
      args: ['report'],
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    }],
  });
};
const serviceMonitor: EnvironmentExtension = (chart, services) => {
  new ApiObject(chart, 'api-metrics', {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'api' },
    spec: { selector: { matchLabels: { ...services.get('api')!.selector } }, endpoints: [{ port: 'http' }] },
  });
};
const environment = (extend: EnvironmentExtension, more: Partial<EnvironmentProps> = {}): EnvironmentProps => ({
  name: 'qa',
  domain: 'qa.example.com',
  services: [httpService],
  extend: (chart, services) => {
    extend(chart, services);
  },
  // These workloads are about the restricted defaults; a PriorityClass and a NetworkPolicy of their own are the
  // extension's to add (environments/operations.ts shows both), so those two rules are off here.
  policy: { severities: { 'network-policy-per-pod': 'off', 'priority-class-set': 'off' } },
  ...more,
});
const synthesize = (props: EnvironmentProps) => synthesizeEnvironments([props])[0];

describe('an environment extended with constructs of its own', () => {
  test('each construct the hook adds is written to a file named after its id, in the environment namespace', () => {
    const manifests = synthesize(environment((chart, services) => {
      nightlyJob(chart, services);
      serviceMonitor(chart, services);
    }));
    expect([...manifests.files.keys()]).toEqual(['00-environment.yaml', 'api-metrics.yaml', 'api.yaml', 'nightly-report.yaml']);
    const [job] = parseObjects(manifests.files.get('nightly-report.yaml')!);
    expect([job.kind, job.metadata.name, job.metadata.namespace]).toEqual(['CronJob', 'nightly-report', 'qa']);
  });

  test("cdk8s-plus workloads get shipshape's restricted pod defaults where they leave them unset, so they pass the same gate", () => {
    const [job] = parseObjects(synthesize(environment(nightlyJob)).files.get('nightly-report.yaml')!);
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' }, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const environmentLabels = { 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': 'shipshape', 'shipshape.dev/environment': 'qa' };
    // The workload is an instance of itself (Polaris's metadataAndInstanceMismatched); its pods' labels, which
    // selectors read, get no instance label.
    expect(job.metadata.labels).toEqual({ ...environmentLabels, 'app.kubernetes.io/instance': 'nightly-report' });
    expect(job.spec.jobTemplate.spec.template.metadata.labels).toMatchObject(environmentLabels);
    expect(job.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/instance']).toBeUndefined();
  });

  test("a workload's own choices are kept: its user, its capabilities, its labels", () => {
    const manifests = synthesize(environment((chart, services) => {
      new kplus.Job(chart, 'migrate', {
        metadata: { name: 'migrate', labels: { 'app.kubernetes.io/part-of': 'billing' } },
        securityContext: { user: 20000, group: 20000, fsGroup: 20000 },
        containers: [{
          image: services.get('api')!.image.reference,
          securityContext: { capabilities: { drop: ['ALL' as kplus.Capability], add: ['NET_BIND_SERVICE' as kplus.Capability] } },
          resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
        }],
      });
    }));
    const [job] = parseObjects(manifests.files.get('migrate.yaml')!);
    expect(job.spec.template.spec.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20000, fsGroup: 20000 });
    expect(job.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    expect(job.metadata.labels['app.kubernetes.io/part-of']).toBe('billing');
  });

  test('a custom resource is written without validation, with a note in the summary', () => {
    const manifests = synthesize(environment(serviceMonitor));
    expect(manifests.unvalidated).toEqual(['environment qa: ServiceMonitor api is a custom resource, written without validation (no schema for it offline)']);
  });

  test('what the policy rejects in an added object fails synth, naming the environment, the object and the rule', () => {
    const privileged: EnvironmentExtension = (chart) => {
      new kplus.Deployment(chart, 'legacy', {
        metadata: { name: 'legacy' },
        containers: [{ image: 'ghcr.io/acme/legacy:3.0.0', securityContext: { readOnlyRootFilesystem: false }, resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } } }],
      });
    };
    expect(() => synthesize(environment(privileged))).toThrow(
      /^\d+ problems in the manifests, so nothing was written:\n(.|\n)*environment qa: Deployment legacy spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFilesystem: is not true \[read-only-root-fs\]/,
    );
  });

  test('a construct that fails its own cdk8s validation fails synth with that message', () => {
    const failing: EnvironmentExtension = (chart) => {
      const construct = new Construct(chart, 'quota');
      construct.node.addValidation({ validate: () => ['the quota must name a storage class'] });
    };
    expect(() => synthesize(environment(failing))).toThrow('environment qa: the construct qa/quota is not valid: the quota must name a storage class; fix what its validation names.');
  });

  test.each([
    ['an id that cannot name a file', (chart: Construct) => new Construct(chart, 'Nightly_Report'), 'environment qa, field extend: added a construct whose id "Nightly_Report" is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit), so it cannot name its manifest file; give it an id like "nightly-cleanup".'],
    ["a service's name as id", (chart: Construct) => new Construct(chart, 'api'), "environment qa, field extend: failed: There is already a Construct with name 'api' in Environment [qa]; fix the extend hook of the environment definition."],
    ['a hook that throws', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'image')");
    }, "environment qa, field extend: failed: Cannot read properties of undefined (reading 'image'); fix the extend hook of the environment definition."],
  ])('%s is one sentence naming the environment and the field', (_, extend, message) => {
    expect(() => synthesize(environment(extend))).toThrow(ShipshapeError);
    expect(() => synthesize(environment(extend))).toThrow(message);
  });
});

describe("cdk8s's contract", () => {
  const props = environment((chart, services) => {
    nightlyJob(chart, services);
    serviceMonitor(chart, services);
  }, { services: [{ ...httpService, ingress: { subdomain: 'api' }, waivers: [{ rule: 'image-pull-policy', reason: 'the image is pinned by digest in every release' }] }] });
  const sorted = (objects: readonly unknown[]) => objects.map((object) => JSON.stringify(object)).sort();
  const shipshapeObjects = () => [...synthesize(props).files.values()].flatMap(parseObjects);

  test('chart.toJson() gives the objects shipshape synth writes', () => {
    expect(sorted(new Environment(new App(), props).toJson())).toEqual(sorted(shipshapeObjects()));
  });

  test('Testing.synth(chart) gives the objects shipshape synth writes', () => {
    expect(sorted(Testing.synth(new Environment(Testing.app(), props)))).toEqual(sorted(shipshapeObjects()));
  });
});
