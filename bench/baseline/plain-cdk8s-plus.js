// The baseline: the benchmark's workload written with plain cdk8s-plus-27 constructs, no shipshape.
// Plain JavaScript so it runs with node directly, as "compiled to JS" in the measurements.
// Usage: node plain-cdk8s-plus.js <services> <outdir>
'use strict';
const { App, Chart, Duration, YamlOutputType } = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const { KubePodDisruptionBudget, IntOrString } = require('cdk8s-plus-27/lib/imports/k8s');

const ENVIRONMENTS = ['staging', 'production', 'qa'];
const count = Number(process.argv[2]);
const outdir = process.argv[3];

function service(index) {
  const name = `svc-${String(index).padStart(4, '0')}`;
  const config = {};
  for (let key = 0; key < 10; key++) config[`SETTING_${key}`] = `value-${index}-${key}`;
  return { name, image: `ghcr.io/bench/${name}:1.${index % 7}.${index}`, port: 8080, config, secrets: ['DATABASE_URL', 'API_TOKEN', 'SIGNING_KEY'] };
}

const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
for (const environment of ENVIRONMENTS) {
  const chart = new Chart(app, environment, { namespace: environment, disableResourceNameHashes: true });
  new kplus.Namespace(chart, 'namespace', { metadata: { name: environment } });
  const ingress = new kplus.Ingress(chart, 'ingress', { metadata: { name: 'ingress' } });
  for (let index = 0; index < count; index++) {
    const s = service(index);
    const account = new kplus.ServiceAccount(chart, `${s.name}-sa`, { metadata: { name: s.name }, automountToken: false });
    const configMap = new kplus.ConfigMap(chart, `${s.name}-config`, { metadata: { name: `${s.name}-config` }, data: s.config });
    const secret = kplus.Secret.fromSecretName(chart, `${s.name}-secret`, `${s.name}-secrets`);
    const deployment = new kplus.Deployment(chart, `${s.name}-deployment`, {
      metadata: { name: s.name },
      serviceAccount: account,
      automountServiceAccountToken: false,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(25), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      minReady: Duration.seconds(10),
      containers: [{
        name: s.name,
        image: s.image,
        portNumber: s.port,
        envFrom: [kplus.Env.fromConfigMap(configMap)],
        envVariables: Object.fromEntries(s.secrets.map((key) => [key, kplus.EnvValue.fromSecretValue({ secret, key })])),
        readiness: kplus.Probe.fromHttpGet('/readyz', { port: s.port }),
        liveness: kplus.Probe.fromHttpGet('/livez', { port: s.port }),
        startup: kplus.Probe.fromHttpGet('/readyz', { port: s.port }),
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: require('cdk8s').Size.mebibytes(128), limit: require('cdk8s').Size.mebibytes(256) },
        },
      }],
    });
    const svc = deployment.exposeViaService({ name: s.name, ports: [{ port: s.port, name: 'http' }] });
    ingress.addHostRule(`${s.name}.${environment}.example.com`, '/', kplus.IngressBackend.fromService(svc));
    new kplus.HorizontalPodAutoscaler(chart, `${s.name}-hpa`, {
      metadata: { name: s.name },
      target: deployment,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
    new KubePodDisruptionBudget(chart, `${s.name}-pdb`, {
      metadata: { name: s.name },
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: deployment.matchLabels } },
    });
    new kplus.NetworkPolicy(chart, `${s.name}-netpol`, { metadata: { name: s.name }, selector: deployment });
  }
}
app.synth();
