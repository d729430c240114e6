import { POLICY_RULES } from '../lib/validation/policy-rules';
import { validateObjects } from '../lib/validation/validate-objects';
import { container, describeFindings, findingsAfter, goodObjects, object, podSpec } from './support/validation';

// Best practice beyond the API server, modelled on kube-score, kube-linter and Polaris.
type Case = [rule: string, change: string, apply: (objects: any[]) => unknown, expected: string];

const C0 = 'Deployment/api spec.template.spec.containers[0]';
const cases: Case[] = [
  ['resources-set', 'no memory limit', (o) => delete container(o).resources.limits.memory, `resources-set ${C0}.resources.limits: has no memory limit`],
  ['resources-set', 'no requests at all', (o) => delete container(o).resources.requests, `resources-set ${C0}.resources.requests: has no cpu or memory request`],
  ['image-tag-pinned', 'the latest tag', (o) => (container(o).image = 'ghcr.io/acme/api:latest'), `image-tag-pinned ${C0}.image: "ghcr.io/acme/api:latest" uses the tag "latest"`],
  ['image-tag-pinned', 'no tag', (o) => (container(o).image = 'ghcr.io/acme/api'), `image-tag-pinned ${C0}.image: "ghcr.io/acme/api" has no tag, so it means "latest"`],
  ['image-pull-policy', 'IfNotPresent with a tag', (o) => (container(o).imagePullPolicy = 'IfNotPresent'), `image-pull-policy ${C0}.imagePullPolicy: is IfNotPresent, not Always`],
  ['readiness-probe', 'no readiness probe', (o) => delete container(o).readinessProbe, `readiness-probe ${C0}.readinessProbe: is missing`],
  ['liveness-probe', 'no liveness probe', (o) => delete container(o).livenessProbe, `liveness-probe ${C0}.livenessProbe: is missing`],
  ['probes-distinct', 'liveness checking the readiness path', (o) => (container(o).livenessProbe.httpGet = { ...container(o).readinessProbe.httpGet }), `probes-distinct ${C0}.livenessProbe: checks exactly what the readiness probe checks`],
  ['probe-path', 'a readiness path without "/"', (o) => (container(o).readinessProbe.httpGet.path = 'readyz'), `probe-path ${C0}.readinessProbe.httpGet.path: "readyz" does not start with "/"`],
  ['empty-command-element', 'an empty command element', (o) => (container(o).command = ['node', '']), `empty-command-element ${C0}.command[1]: is an empty string`],
  ['empty-command-element', 'an empty element in a preStop command', (o) => (container(o).lifecycle = { preStop: { exec: { command: ['sleep', ''] } } }), `empty-command-element ${C0}.lifecycle.preStop.exec.command[1]: is an empty string`],
  ['run-as-non-root', 'runAsNonRoot false', (o) => { container(o).securityContext.runAsNonRoot = false; }, `run-as-non-root ${C0}.securityContext.runAsNonRoot: is not true for this container or its pod`],
  ['run-as-non-root', 'user 0', (o) => { container(o).securityContext.runAsUser = 0; }, `run-as-non-root ${C0}.securityContext.runAsUser: is 0 (root)`],
  ['run-as-high-uid', 'uid 1000', (o) => { container(o).securityContext.runAsUser = 1000; }, `run-as-high-uid ${C0}.securityContext.runAsUser: is 1000, not above 10000`],
  ['read-only-root-fs', 'a writable root filesystem', (o) => (container(o).securityContext.readOnlyRootFilesystem = false), `read-only-root-fs ${C0}.securityContext.readOnlyRootFilesystem: is not true`],
  ['no-privilege-escalation', 'allowPrivilegeEscalation left out (it defaults to true)', (o) => delete container(o).securityContext.allowPrivilegeEscalation, `no-privilege-escalation ${C0}.securityContext.allowPrivilegeEscalation: is not false`],
  ['no-privileged', 'a privileged container', (o) => (container(o).securityContext.privileged = true), `no-privileged ${C0}.securityContext.privileged: is true`],
  ['capabilities-dropped', 'capabilities kept', (o) => (container(o).securityContext.capabilities = {}), `capabilities-dropped ${C0}.securityContext.capabilities.drop: does not drop ALL`],
  ['capabilities-dropped', 'SYS_ADMIN added back', (o) => (container(o).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN']), `capabilities-dropped ${C0}.securityContext.capabilities.add[1]: adds SYS_ADMIN`],
  ['seccomp-profile', 'Unconfined seccomp', (o) => { container(o).securityContext.seccompProfile.type = 'Unconfined'; }, `seccomp-profile ${C0}.securityContext.seccompProfile: is Unconfined`],
  ['seccomp-profile', 'no seccomp profile anywhere', (o) => { delete container(o).securityContext.seccompProfile; delete podSpec(o).securityContext.seccompProfile; }, `seccomp-profile ${C0}.securityContext.seccompProfile: is not set for this container or its pod`],
  ['no-host-namespaces', 'the host network', (o) => (podSpec(o).hostNetwork = true), 'no-host-namespaces Deployment/api spec.template.spec.hostNetwork: is true'],
  ['no-host-path', 'a hostPath volume', (o) => podSpec(o).volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }), "no-host-path Deployment/api spec.template.spec.volumes[1].hostPath: mounts the node's /var/run/docker.sock"],
  ['no-host-port', 'a hostPort', (o) => (container(o).ports[0].hostPort = 8080), `no-host-port ${C0}.ports[0].hostPort: binds port 8080 of the node`],
  ['no-sa-token-automount', 'a mounted token', (o) => (podSpec(o).automountServiceAccountToken = true), 'no-sa-token-automount Deployment/api spec.template.spec.automountServiceAccountToken: is true'],
  ['no-sa-token-automount', 'a token left to a ServiceAccount that mounts it', (o) => { delete podSpec(o).automountServiceAccountToken; delete object(o, 'ServiceAccount').automountServiceAccountToken; }, 'no-sa-token-automount Deployment/api spec.template.spec.automountServiceAccountToken: is not set, and the ServiceAccount api does not turn it off'],
  ['pdb-for-replicas', 'several replicas without a disruption budget', (o) => o.splice(o.indexOf(object(o, 'PodDisruptionBudget')), 1), 'pdb-for-replicas Deployment/api spec.template.metadata.labels: are selected by no PodDisruptionBudget, though the workload runs several replicas'],
  ['pdb-allows-eviction', 'maxUnavailable 0', (o) => (object(o, 'PodDisruptionBudget').spec.maxUnavailable = 0), 'pdb-allows-eviction PodDisruptionBudget/api spec.maxUnavailable: is 0, so no pod may ever be evicted'],
  ['spread-across-nodes', 'no spread constraints', (o) => { delete podSpec(o).topologySpreadConstraints; delete podSpec(o).affinity; }, 'spread-across-nodes Deployment/api spec.template.spec.topologySpreadConstraints: has no constraint on kubernetes.io/hostname for these pods, so the replicas may share a node'],
  ['spread-across-nodes', 'a spread that selects other pods', (o) => { podSpec(o).topologySpreadConstraints[0].labelSelector.matchLabels['app.kubernetes.io/name'] = 'web'; delete podSpec(o).affinity; }, 'spread-across-nodes Deployment/api spec.template.spec.topologySpreadConstraints: has no constraint on kubernetes.io/hostname for these pods, so the replicas may share a node'],
  ['network-policy-coverage', 'only the DNS egress policy', (o) => o.splice(0, o.length, ...o.filter((x) => x.kind !== 'NetworkPolicy' || x.metadata.name === 'allow-dns')), 'network-policy-coverage Deployment/api spec.template.metadata.labels: are selected by no NetworkPolicy for Ingress'],
  ['network-policy-coverage', 'no NetworkPolicy at all', (o) => o.splice(0, o.length, ...o.filter((x) => x.kind !== 'NetworkPolicy')), 'network-policy-coverage Deployment/api spec.template.metadata.labels: are selected by no NetworkPolicy for Ingress or Egress'],
  ['pdb-for-replicas', 'a single replica without a disruption budget (Polaris wants one for every Deployment)', (o) => { o.splice(o.indexOf(object(o, 'PodDisruptionBudget')), 1); o.splice(o.indexOf(object(o, 'HorizontalPodAutoscaler')), 1); object(o, 'Deployment').spec.replicas = 1; }, 'pdb-for-replicas Deployment/api spec.template.metadata.labels: are selected by no PodDisruptionBudget'],
  ['pod-anti-affinity', 'spread constraints but no anti-affinity', (o) => delete podSpec(o).affinity, 'pod-anti-affinity Deployment/api spec.template.spec.affinity.podAntiAffinity: has no term on kubernetes.io/hostname that selects these pods, so nothing keeps the replicas off one node'],
  ['pod-anti-affinity', 'an anti-affinity on zones only', (o) => (podSpec(o).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone'), 'pod-anti-affinity Deployment/api spec.template.spec.affinity.podAntiAffinity: has no term on kubernetes.io/hostname that selects these pods, so nothing keeps the replicas off one node'],
  ['min-replicas', 'an autoscaler that may scale to one pod', (o) => (object(o, 'HorizontalPodAutoscaler').spec.minReplicas = 1), 'min-replicas Deployment/api spec.replicas: is owned by the HorizontalPodAutoscaler api, whose minReplicas is 1'],
  ['min-replicas', 'one replica', (o) => { o.splice(o.indexOf(object(o, 'HorizontalPodAutoscaler')), 1); object(o, 'Deployment').spec.replicas = 1; }, 'min-replicas Deployment/api spec.replicas: is 1, so the Deployment is down whenever its pod is'],
  ['network-policy-per-pod', 'only namespace-wide policies', (o) => o.splice(o.indexOf(object(o, 'NetworkPolicy', 'api')), 1), 'network-policy-per-pod Deployment/api spec.template.metadata.labels: are selected by no NetworkPolicy of their own (one whose podSelector.matchLabels names exactly one of these labels, with ingress and egress rules)'],
  ['network-policy-per-pod', 'a policy that selects by two of the labels', (o) => (object(o, 'NetworkPolicy', 'api').spec.podSelector.matchLabels['app.kubernetes.io/name'] = 'api'), 'network-policy-per-pod Deployment/api spec.template.metadata.labels: are selected by no NetworkPolicy of their own (one whose podSelector.matchLabels names exactly one of these labels, with ingress and egress rules)'],
  ['network-policy-per-pod', 'a policy for ingress only', (o) => { const spec = object(o, 'NetworkPolicy', 'api').spec; delete spec.egress; spec.policyTypes = ['Ingress']; }, 'network-policy-per-pod Deployment/api spec.template.metadata.labels: are selected by no NetworkPolicy of their own (one whose podSelector.matchLabels names exactly one of these labels, with ingress and egress rules)'],
  ['pdb-unhealthy-eviction', 'no unhealthyPodEvictionPolicy', (o) => delete object(o, 'PodDisruptionBudget').spec.unhealthyPodEvictionPolicy, 'pdb-unhealthy-eviction PodDisruptionBudget/api spec.unhealthyPodEvictionPolicy: is not set, so a pod that is not ready can block evictions'],
  ['priority-class-set', 'no priorityClassName', (o) => delete podSpec(o).priorityClassName, 'priority-class-set Deployment/api spec.template.spec.priorityClassName: is not set'],
  ['instance-label', 'an instance label that is not the name', (o) => (object(o, 'Deployment').metadata.labels['app.kubernetes.io/instance'] = 'api-test'), 'instance-label Deployment/api metadata.labels["app.kubernetes.io/instance"]: is "api-test", not the name "api"'],
  ['no-node-port', 'a NodePort Service', (o) => (object(o, 'Service').spec.type = 'NodePort'), 'no-node-port Service/api spec.type: is NodePort'],
  ['ingress-tls', 'no TLS', (o) => delete object(o, 'Ingress').spec.tls, 'ingress-tls Ingress/shipshape spec.tls: is missing, so every host is served over plain HTTP'],
  ['ingress-tls', 'a host missing from TLS', (o) => (object(o, 'Ingress').spec.tls[0].hosts = ['www.example.com']), 'ingress-tls Ingress/shipshape spec.rules[0].host: api.example.com is not listed under spec.tls'],
  ['no-secret-literals', 'a password in a ConfigMap', (o) => (object(o, 'ConfigMap').data.DB_PASSWORD = 'hunter2'), 'no-secret-literals ConfigMap/api-config data.DB_PASSWORD: is a literal value for DB_PASSWORD, which by its name is a credential'],
  ['no-secret-literals', 'a database URL with a password', (o) => (object(o, 'ConfigMap').data.DATABASE_URL = 'postgres://app:s3cret@db:5432/app'), 'no-secret-literals ConfigMap/api-config data.DATABASE_URL: holds what looks like a URL with a password'],
  ['no-secret-literals', 'a GitHub token in an env var', (o) => (container(o).env = [{ name: 'GH', value: `ghp_${'a1'.repeat(18)}` }]), `no-secret-literals ${C0}.env[0].value: holds what looks like a GitHub token`],
  ['no-secret-literals', 'a private key', (o) => (object(o, 'ConfigMap').data['tls.key'] = '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'), 'no-secret-literals ConfigMap/api-config data["tls.key"]: holds what looks like a private key'],
];

describe('policy rules', () => {
  test.each(cases)('%s fires on %s', (rule, _, apply, expected) => {
    expect(findingsAfter(apply).filter((finding) => finding.startsWith(`${rule} `))).toEqual([expected]);
  });

  test('every policy rule has a case that makes it fire', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(POLICY_RULES.map((rule) => rule.id)));
  });

  test.each<[string, (objects: any[]) => unknown]>([
    ['an image pinned by digest, pulled IfNotPresent', (o) => Object.assign(container(o), { image: `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`, imagePullPolicy: 'IfNotPresent' })],
    ['NET_BIND_SERVICE added back', (o) => (container(o).securityContext.capabilities.add = ['NET_BIND_SERVICE'])],
    ['security settings only on the pod', (o) => { const { runAsNonRoot, runAsUser, runAsGroup, seccompProfile, ...rest } = container(o).securityContext; void [runAsNonRoot, runAsUser, runAsGroup, seccompProfile]; container(o).securityContext = rest; }],
    // As a preview runs: spreading and anti-affinity do not apply; the replica count and the budget are waived.
    ['a single replica without a disruption budget, spread or anti-affinity, waiving only what a preview waives', (o) => {
      o.splice(o.indexOf(object(o, 'HorizontalPodAutoscaler')), 1);
      o.splice(o.indexOf(object(o, 'PodDisruptionBudget')), 1);
      const deployment = object(o, 'Deployment');
      deployment.spec.replicas = 1;
      delete podSpec(o).topologySpreadConstraints;
      delete podSpec(o).affinity;
      deployment.metadata.annotations = { ...deployment.metadata.annotations, 'waive.shipshape.dev/min-replicas': 'a preview runs one replica', 'waive.shipshape.dev/pdb-for-replicas': 'a preview has no budget' };
    }],
    ['spreading by pod anti-affinity instead', (o) => { delete podSpec(o).topologySpreadConstraints; podSpec(o).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } } }] } }; }],
    ['a wildcard TLS host covering the rule', (o) => (object(o, 'Ingress').spec.tls[0].hosts = ['*.example.com'])],
    ['config that only looks like credentials by a word inside it', (o) => Object.assign(object(o, 'ConfigMap').data, { TOKEN_TTL: '3600', PUBLIC_KEY: 'ssh-ed25519 AAAA', API_URL: 'https://api.example.com/v1', PASSWORD_MIN_LENGTH: '12' })],
    ['an env var read from a Secret', (o) => (container(o).env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'DB_PASSWORD' } } }])],
    ['a 1 MiB ConfigMap value without credentials (checked in linear time)', (o) => (object(o, 'ConfigMap').data.BIG = 'x'.repeat(1000 * 1024))],
  ])('stay quiet on %s', (_, apply) => {
    expect(findingsAfter(apply).filter((finding) => !finding.includes('(waived: '))).toEqual([]);
  });

  test('an environment can lower a rule to a warning or turn it off', () => {
    const writable = (o: any[]) => (container(o).securityContext.readOnlyRootFilesystem = false);
    expect(findingsAfter(writable, { severities: { 'read-only-root-fs': 'off' } })).toEqual([]);
    const objects = goodObjects();
    writable(objects);
    const [finding] = validateObjects(objects, { severities: { 'read-only-root-fs': 'warning' } });
    expect([finding.rule.id, finding.severity]).toEqual(['read-only-root-fs', 'warning']);
  });

  test('a waiver annotation with a reason waives the rule for that object only', () => {
    const objects = goodObjects();
    container(objects).securityContext.readOnlyRootFilesystem = false;
    object(objects, 'Deployment').metadata.annotations = { 'waive.shipshape.dev/read-only-root-fs': 'writes its font cache into the image' };
    delete object(objects, 'Ingress').spec.tls;
    expect(describeFindings(objects, validateObjects(objects))).toEqual([
      'ingress-tls Ingress/shipshape spec.tls: is missing, so every host is served over plain HTTP',
      `read-only-root-fs ${C0}.securityContext.readOnlyRootFilesystem: is not true (waived: writes its font cache into the image)`,
    ]);
  });

  test('a waiver annotation without a reason waives nothing', () => {
    expect(
      findingsAfter((o) => {
        container(o).securityContext.readOnlyRootFilesystem = false;
        object(o, 'Deployment').metadata.annotations = { 'waive.shipshape.dev/read-only-root-fs': ' ' };
      }),
    ).toEqual([`read-only-root-fs ${C0}.securityContext.readOnlyRootFilesystem: is not true`]);
  });
});
