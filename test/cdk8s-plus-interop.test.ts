import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Microservice } from '../lib';
import { errorsOf, validateObjects } from '../lib/validation/validate-objects';

// Microservice is built from cdk8s-plus-27 constructs and exposes them, so cdk8s-plus works on them
// both ways: a user's cdk8s-plus constructs refer to a Microservice's, and a Microservice's are changed
// with cdk8s-plus's own methods. The result is still what the API server and the policy accept.
describe('a Microservice in a plain cdk8s chart, mixed with cdk8s-plus constructs', () => {
  const synthesize = () => {
    const chart = new Chart(new App(), 'shop', { disableResourceNameHashes: true });
    const api = new Microservice(chart, 'api', {
      environment: 'shop',
      image: 'ghcr.io/acme/api:1.4.2',
      ports: [{ name: 'http', port: 8080 }],
      health: { path: '/readyz', livenessPath: '/livez' },
      // The user's own HorizontalPodAutoscaler owns the replica count.
      autoscaling: false,
    });
    const web = new Microservice(chart, 'web', {
      environment: 'shop',
      image: 'ghcr.io/acme/web:2.0.0',
      ports: [{ name: 'http', port: 3000 }],
      health: { path: '/healthz' },
    });

    // The policy wants every pod behind a NetworkPolicy: the namespace denies all traffic that is not opened.
    new kplus.NetworkPolicy(chart, 'default-deny', {
      metadata: { name: 'default-deny', namespace: 'shop' },
      selector: kplus.Pods.all(chart, 'every-pod'),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });

    // cdk8s-plus constructs that refer to the Microservice's.
    new kplus.HorizontalPodAutoscaler(chart, 'api-autoscaler', {
      metadata: { name: 'api', namespace: 'shop' },
      target: api.deployment,
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(60))],
    });
    const ingress = new kplus.Ingress(chart, 'ingress', { metadata: { name: 'shop', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }, className: 'nginx' });
    ingress.addHostRule('api.shop.example.com', '/', kplus.IngressBackend.fromService(api.service!));
    ingress.addTls([{ hosts: ['api.shop.example.com'], secret: kplus.Secret.fromSecretName(chart, 'tls', 'api-shop-example-com-tls') }]);

    // The Microservice's constructs changed with cdk8s-plus's methods.
    const cache = kplus.Volume.fromEmptyDir(chart, 'cache', 'cache', { sizeLimit: Size.mebibytes(128) });
    api.deployment.addVolume(cache);
    api.container.mount('/var/cache/api', cache);
    api.deployment.connections.allowFrom(web.deployment, { ports: [kplus.NetworkPolicyPort.tcp(8080)] });
    return { api, web, objects: Testing.synth(chart) };
  };

  test('synthesizes objects the API server and the policy accept', () => {
    const { objects } = synthesize();
    expect(errorsOf(validateObjects(objects)).map((finding) => `${finding.rule.id} ${objects[finding.objectIndex].kind} ${finding.problem}`)).toEqual([]);
  });

  test("the user's HPA targets the Deployment, which leaves the replica count to it", () => {
    const { objects } = synthesize();
    const autoscaler = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api').spec.replicas).toBeUndefined();
  });

  test("IngressBackend.fromService routes to the Microservice's Service", () => {
    const { objects } = synthesize();
    const ingress = objects.find((o) => o.kind === 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api', port: { number: 8080 } } });
  });

  test('a volume added with cdk8s-plus is mounted next to the writable /tmp shipshape adds', () => {
    const { objects } = synthesize();
    const pod = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api').spec.template.spec;
    expect(pod.volumes.map((volume: { name: string }) => volume.name).sort()).toEqual(['cache', 'tmp']);
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/cache/api', name: 'cache' });
  });

  test("connections select the Microservice's pods by its own labels, never by a construct path", () => {
    const { api, web, objects } = synthesize();
    const allowed = objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.ingress?.some((rule: any) => rule.from?.some((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'web')));
    expect(allowed).toHaveLength(1);
    expect(allowed[0].spec.podSelector.matchLabels).toEqual(api.selector);
    expect(allowed[0].spec.ingress[0].from[0].podSelector.matchLabels).toEqual(web.selector);
    expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
  });
});
