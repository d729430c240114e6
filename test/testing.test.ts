import { HealthCheck, ServiceDefinition, ShipshapeError, synthesizeEnvironments } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { projectAt } from '../lib/cli/project';
import { assertService, ENVIRONMENT_KINDS, ServiceAssertionError, SynthesizedService, synthesizeService } from '../lib/testing';
import { api, web } from './fixtures/flowline/services';
import { FLOWLINE } from './support/flowline';
import { httpService } from './support/render';

/** Runs an assertion that must fail, and returns its message. */
function failure(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceAssertionError);
    return (error as Error).message;
  }
  throw new Error('expected the assertion to fail, but it held');
}

const billing: ServiceDefinition = {
  name: 'billing',
  image: 'ghcr.io/acme/billing:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  health: { path: '/readyz', livenessPath: '/livez' },
  ingress: { subdomain: 'billing', paths: ['/invoices'] },
  config: { LOG_LEVEL: 'info' },
  secrets: ['DATABASE_URL'],
  autoscaling: { minReplicas: 2, maxReplicas: 4 },
  dependsOn: ['api'],
};

describe('synthesizeService', () => {
  test('gives the manifest exactly as `shipshape synth` writes it for the same environment', () => {
    const [staging] = loadEnvironments(projectAt(FLOWLINE), ['staging']);
    const synthesized = synthesizeService(api, { environment: staging });
    expect(synthesized.yaml).toBe(synthesizeEnvironments([staging])[0].files.get('api.yaml'));
    expect(synthesized.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/api', 'ConfigMap/api-config', 'Deployment/api', 'Service/api', 'HorizontalPodAutoscaler/api', 'PodDisruptionBudget/api', 'NetworkPolicy/api',
    ]);
  });

  test('places the service in a staging-like environment by default', () => {
    const synthesized = synthesizeService(billing);
    expect(synthesized.environment.name).toBe('staging');
    expect(synthesized.object('Deployment').metadata.namespace).toBe('staging');
    expect(synthesized.routes).toEqual([{ service: 'billing', host: 'billing.staging.example.com', path: '/invoices', port: 'http' }]);
  });

  test('a production-like environment spreads across zones; a preview runs one pod without autoscaling or budget', () => {
    const topologyKeys = (s: SynthesizedService) => s.object('Deployment').spec.template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey);
    const production = synthesizeService(billing, { environment: 'production' });
    expect(topologyKeys(production)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(production.routes[0].host).toBe('billing.example.com');

    const preview = synthesizeService(billing, { environment: 'preview' });
    expect(preview.object('Deployment').spec.replicas).toBe(1);
    expect(preview.objects.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
    expect(preview.objects.map((o) => o.kind)).not.toContain('PodDisruptionBudget');
    expect(ENVIRONMENT_KINDS).toEqual(['staging', 'production', 'preview']);
  });

  test('stands in for dependencies it is not given, and leaves them out of the result', () => {
    const synthesized = synthesizeService(billing);
    expect(synthesized.environment.files.has('api.yaml')).toBe(true);
    expect(synthesized.objects.every((o) => !o.metadata.name.startsWith('api'))).toBe(true);
    const egress = synthesized.object('NetworkPolicy').spec.egress;
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }], ports: [{ port: 8080, protocol: 'TCP' }] });
  });

  test('uses the real dependency when given, so its ports are the ones allowed', () => {
    const grpcApi: ServiceDefinition = { ...httpService, ports: [{ name: 'grpc', port: 9000 }] };
    const egress = synthesizeService(billing, { dependencies: [grpcApi] }).object('NetworkPolicy').spec.egress;
    expect(egress[0].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
  });

  test('takes declared secrets as stored: the Deployment reads them and carries their fingerprint', () => {
    const template = synthesizeService(billing).object('Deployment').spec.template;
    expect(template.spec.containers[0].env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'billing-secrets', key: 'DATABASE_URL' } } }]);
    expect(template.metadata.annotations['shipshape.dev/secrets-hash']).toMatch(/^[0-9a-f]{16}$/);
  });

  test('applies environment overrides over what the kind does', () => {
    const synthesized = synthesizeService(billing, { environment: 'production', overrides: { autoscaling: { maxReplicas: 12 }, config: { LOG_LEVEL: 'warn' } } });
    expect(synthesized.object('HorizontalPodAutoscaler').spec.maxReplicas).toBe(12);
    expect(synthesized.object('ConfigMap').data).toEqual({ LOG_LEVEL: 'warn' });
  });

  test('a mistake in the definition throws the one-sentence error synth would give', () => {
    expect(() => synthesizeService({ ...billing, image: 'ghcr.io/acme/billing:latest' }, { environment: 'production' })).toThrow(ShipshapeError);
    expect(() => synthesizeService({ ...billing, image: 'ghcr.io/acme/billing:latest' }, { environment: 'production' })).toThrow(
      'environment production, service billing, field image: "ghcr.io/acme/billing:latest" uses the tag "latest"',
    );
  });

  test('asking for an object the service does not have lists what it has', () => {
    expect(() => synthesizeService({ ...billing, autoscaling: false }).object('HorizontalPodAutoscaler')).toThrow(
      'service billing in environment staging: expected one HorizontalPodAutoscaler, found 0 (objects: ServiceAccount/billing, ConfigMap/billing-config, Deployment/billing, Service/billing, PodDisruptionBudget/billing, NetworkPolicy/billing)',
    );
  });
});

describe('assertService', () => {
  test('every example service is ready for traffic, rolls safely and passes the policy gate in every kind of environment', () => {
    for (const kind of ENVIRONMENT_KINDS) {
      const checked = assertService(synthesizeService(api, { environment: kind })).hasReadinessProbe().hasLivenessProbe().hasZeroDowntimeRollout().runsRestricted().rollsOnConfigChange();
      if (kind !== 'preview') checked.survivesNodeDrain();
      checked.passesPolicyGate();
    }
    assertService(synthesizeService(web, { dependencies: [api] })).isExposedAt('app.staging.example.com').passesPolicyGate();
  });

  test('hasReadinessProbe fails for a container that would get traffic before it can answer', () => {
    const worker: ServiceDefinition = { name: 'worker', image: 'ghcr.io/acme/worker:1.0.0' };
    expect(failure(() => assertService(synthesizeService(worker)).hasReadinessProbe())).toBe(
      "service worker in environment staging has no readiness probe (container worker), so it gets traffic before it can answer; declare `health: { path: '/readyz' }` or `readiness`",
    );
  });

  test('hasLivenessProbe fails without one, and when liveness checks what readiness checks', () => {
    const readinessOnly: ServiceDefinition = { name: 'worker', image: 'ghcr.io/acme/worker:1.0.0', readiness: HealthCheck.exec(['check']) };
    expect(failure(() => assertService(synthesizeService(readinessOnly)).hasLivenessProbe())).toBe(
      'service worker in environment staging has no liveness probe (container worker), so a stuck process is never restarted; declare `health` or `liveness`',
    );
    const sameCheck: ServiceDefinition = { ...readinessOnly, liveness: HealthCheck.exec(['check'], { periodSeconds: 30 }) };
    expect(() => synthesizeService(sameCheck)).toThrow('field liveness: checks the same thing as readiness');
  });

  test('hasZeroDowntimeRollout names each way a rollout could drop requests', () => {
    expect(failure(() => assertService(synthesizeService({ ...billing, rollout: { minReadySeconds: 0 } })).hasZeroDowntimeRollout())).toBe(
      'service billing in environment staging does not roll out without downtime: minReadySeconds is 0, so a pod that crashes right after it starts does not stop the rollout',
    );
  });

  test('survivesNodeDrain fails for a single replica', () => {
    expect(failure(() => assertService(synthesizeService(billing, { environment: 'preview' })).survivesNodeDrain())).toBe(
      'service billing in environment preview runs 1 replica, so draining its node takes it down; run 2 or more (`replicas` or `autoscaling.minReplicas`)',
    );
  });

  test('runsRestricted names each loosened setting', () => {
    expect(failure(() => assertService(synthesizeService({ ...billing, security: { readOnlyRootFilesystem: false } })).runsRestricted())).toBe(
      'service billing in environment staging does not run restricted: container billing can write to its root filesystem',
    );
  });

  test('rollsOnConfigChange re-synthesizes with a changed value and compares the pod templates', () => {
    const synthesized = synthesizeService(billing);
    assertService(synthesized).rollsOnConfigChange();
    assertService(synthesizeService({ ...billing, config: undefined })).rollsOnConfigChange();
    // The environment's value wins over the service's, so the change must be made there.
    assertService(synthesizeService(billing, { overrides: { config: { LOG_LEVEL: 'warn' } } })).rollsOnConfigChange();
    // A renderer that ignored config changes: the assertion must notice.
    const frozen: SynthesizedService = { ...synthesized, variant: () => synthesized };
    expect(failure(() => assertService(frozen).rollsOnConfigChange())).toBe(
      'service billing in environment staging changing config LOG_LEVEL leaves the pod template as it was, so running pods keep the old value',
    );
  });

  test('rollsOnSecretChange holds for a service with secrets and says why it cannot for one without', () => {
    assertService(synthesizeService(billing)).rollsOnSecretChange();
    expect(failure(() => assertService(synthesizeService({ ...billing, secrets: [] })).rollsOnSecretChange())).toBe(
      'service billing in environment staging declares no secrets, so there is nothing to roll on; list the keys it reads in `secrets`',
    );
  });

  test('isExposedAt matches hosts and whole path elements; isPrivate fails for an exposed service', () => {
    const synthesized = synthesizeService(billing);
    assertService(synthesized).isExposedAt('billing.staging.example.com/invoices').isExposedAt('billing.staging.example.com/invoices/42');
    expect(failure(() => assertService(synthesized).isExposedAt('billing.staging.example.com/invoices-old'))).toBe(
      'service billing in environment staging is not routed from billing.staging.example.com/invoices-old; its routes: billing.staging.example.com/invoices',
    );
    expect(failure(() => assertService(synthesized).isPrivate())).toBe(
      'service billing in environment staging is exposed at billing.staging.example.com/invoices; remove `ingress` or override it with `ingress: false`',
    );
    assertService(synthesizeService(billing, { overrides: { ingress: false } })).isPrivate();
  });

  test('passesPolicyGate fails on what synth reports, naming it', () => {
    const secrets = { source: 'environments/test/secrets.json', keys: (service: string) => (service === 'billing' ? ['DATABASE_URL', 'OLD_TOKEN'] : []), digest: () => 'abc', services: () => ['billing'] };
    expect(failure(() => assertService(synthesizeService(billing, { environment: { secrets } })).passesPolicyGate())).toBe(
      'service billing in environment test does not pass the policy gate: environment test, service billing: the stored secret key OLD_TOKEN is not used by the service; remove it with `shipshape secrets rm test billing OLD_TOKEN`',
    );
  });
});
