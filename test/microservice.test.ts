import { HealthCheck, Microservice, ServiceDefinition } from '../lib';
import { httpService, only, renderService } from './support/render';

describe('Microservice defaults', () => {
  const objects = renderService(httpService);
  const deployment = only(objects, 'Deployment', 'api');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('renders one object of each kind a service needs, named after the service', () => {
    const names = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'api').map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).toEqual(['ServiceAccount/api', 'Deployment/api', 'Service/api', 'PodDisruptionBudget/api', 'NetworkPolicy/api']);
  });

  test('rolls out with zero downtime', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(deployment.spec.minReadySeconds).toBe(10);
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', '10']);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(10);
  });

  test('has distinct readiness, liveness and startup probes on the first port', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8080, scheme: 'HTTP' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 8080, scheme: 'HTTP' });
    expect(container.startupProbe.httpGet.path).toBe('/readyz');
    expect(container.startupProbe.failureThreshold * container.startupProbe.periodSeconds).toBe(120);
  });

  test('uses a TCP liveness check when only one health path is given', () => {
    const [service] = [{ ...httpService, health: { path: '/healthz' } }];
    const probe = only(renderService(service), 'Deployment').spec.template.spec.containers[0].livenessProbe;
    expect(probe.tcpSocket).toEqual({ port: 8080 });
    expect(probe.httpGet).toBeUndefined();
  });

  test('sets small requests and limits instead of cdk8s-plus 1 CPU / 2 GiB', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '500m', memory: '256Mi', 'ephemeral-storage': '256Mi' },
    });
  });

  test('runs restricted: non-root above uid 10000, read-only root, no escalation, no capabilities, seccomp, no token', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(only(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(container.imagePullPolicy).toBe('Always');
  });

  test('labels every object and the pod template; selects on a stable subset', () => {
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'shipshape', 'app.kubernetes.io/part-of': 'shipshape' });
    }
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(only(objects, 'Service').spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  test('spreads across nodes, and across zones when asked', () => {
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname']);
    const zoned = only(renderService({ ...httpService, spread: { zones: true } }), 'Deployment').spec.template.spec;
    expect(zoned.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
  });
});

describe('Microservice options', () => {
  test('an HPA owns the replica count: replicas is left out of the Deployment', () => {
    const objects = renderService({ ...httpService, autoscaling: { minReplicas: 2, maxReplicas: 6, memoryUtilization: 80 } });
    expect(only(objects, 'Deployment').spec.replicas).toBeUndefined();
    const hpa = only(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6, scaleTargetRef: { kind: 'Deployment', name: 'api' } });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 70], ['memory', 80]]);
  });

  test('a single replica gets no disruption budget, which would block node drains', () => {
    const objects = renderService({
      ...httpService,
      replicas: 1,
      waivers: [
        { rule: 'min-replicas', reason: 'a singleton that must never run twice at once' },
        { rule: 'pdb-for-replicas', reason: 'a budget for one pod would only describe that drains may evict it' },
      ],
    });
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('config becomes a ConfigMap loaded as env, and its hash rolls the pods only when it changes', () => {
    const podAnnotations = (service: ServiceDefinition) => only(renderService(service), 'Deployment').spec.template.metadata.annotations ?? {};
    const objects = renderService({ ...httpService, config: { LOG_LEVEL: 'info', PORT: 8080 } });
    expect(only(objects, 'ConfigMap', 'api-config').data).toEqual({ LOG_LEVEL: 'info', PORT: '8080' });
    expect(only(objects, 'Deployment').spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'api-config' } }]);
    const before = podAnnotations({ ...httpService, config: { LOG_LEVEL: 'info' } })['shipshape.dev/config-hash'];
    const after = podAnnotations({ ...httpService, config: { LOG_LEVEL: 'debug' } })['shipshape.dev/config-hash'];
    const unrelatedChange = podAnnotations({ ...httpService, config: { LOG_LEVEL: 'info' }, replicas: 5 })['shipshape.dev/config-hash'];
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(after).not.toBe(before);
    expect(unrelatedChange).toBe(before);
  });

  test('secret keys are read from the <name>-secrets Secret and their fingerprint rolls the pods', () => {
    const secrets = { source: 'test', keys: () => ['DATABASE_URL'], digest: () => 'abc123', services: () => ['api'] };
    const objects = renderService({ ...httpService, secrets: ['DATABASE_URL'] }, { secrets });
    const deployment = only(objects, 'Deployment');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'DATABASE_URL' } } },
    ]);
    expect(deployment.spec.template.metadata.annotations['shipshape.dev/secrets-hash']).toBe('abc123');
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('a digest pins the pulled image; the tag stays the version label', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const deployment = only(renderService({ ...httpService, image: `ghcr.io/acme/api:1.4.2@${digest}` }), 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(`ghcr.io/acme/api@${digest}`);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
  });

  test('a metrics port adds Prometheus scrape annotations', () => {
    const annotations = only(renderService({ ...httpService, metrics: { port: 'http' } }), 'Deployment').spec.template.metadata.annotations;
    expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
  });

  test('a worker without ports uses exec checks and gets no Service', () => {
    const worker: ServiceDefinition = {
      name: 'worker',
      image: 'ghcr.io/acme/worker:3.0.0',
      readiness: HealthCheck.exec(['/app/check', 'ready']),
      liveness: HealthCheck.exec(['/app/check', 'alive']),
    };
    const objects = renderService(worker);
    expect(objects.some((o) => o.kind === 'Service')).toBe(false);
    expect(only(objects, 'Deployment').spec.template.spec.containers[0].livenessProbe.exec.command).toEqual(['/app/check', 'alive']);
  });

  test('loosening a security default is one visible line, plus a waiver that says why', () => {
    const reason = 'the vendored PDF renderer writes its font cache next to its binary';
    const deployment = only(
      renderService({ ...httpService, security: { readOnlyRootFilesystem: false }, waivers: [{ rule: 'read-only-root-fs', reason }] }),
      'Deployment',
    );
    const container = deployment.spec.template.spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBe(false);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(deployment.metadata.annotations['waive.shipshape.dev/read-only-root-fs']).toBe(reason);
  });

  test('is usable on its own in any cdk8s chart', () => {
    const { App, Chart } = require('cdk8s');
    const chart = new Chart(new App(), 'standalone');
    const service = new Microservice(chart, 'billing', { image: 'ghcr.io/acme/billing:0.1.0', environment: 'dev', ports: [{ name: 'http', port: 80 }], health: { path: '/' }, ingress: { hosts: ['billing.dev.acme.io'] } });
    expect(service.ingressRoutes).toEqual([{ service: 'billing', host: 'billing.dev.acme.io', path: '/', port: 'http', hostField: 'ingress.hosts[0]' }]);
    expect(chart.toJson().find((o: any) => o.kind === 'Deployment').metadata.namespace).toBe('dev');
  });
});
