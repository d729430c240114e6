import { API_SERVER_RULES } from '../lib/validation/api-server-rules';
import { container, findingsAfter, goodObjects, object, podSpec } from './support/validation';
import { validateObjects } from '../lib/validation/validate-objects';

// What a Kubernetes 1.27 API server rejects beyond its schema. Each case changes
// one thing in a valid set of objects and expects exactly the rule's finding.
type Case = [rule: string, change: string, apply: (objects: any[]) => unknown, expected: string];

const cases: Case[] = [
  ['object-name', 'a Service name with an underscore and capitals', (o) => (object(o, 'Service').metadata.name = 'Orders_Svc'), 'object-name Service/Orders_Svc metadata.name: "Orders_Svc" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)'],
  ['object-name', 'a Service name starting with a digit', (o) => (object(o, 'Service').metadata.name = '1api'), 'object-name Service/1api metadata.name: "1api" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit)'],
  ['object-name', 'a ConfigMap name with a slash', (o) => (object(o, 'ConfigMap').metadata.name = 'api/config'), 'object-name ConfigMap/api/config metadata.name: "api/config" is not a DNS subdomain (lowercase letters, digits, "-" and ".", starting and ending with a letter or digit)'],
  ['object-name', 'an uppercase namespace', (o) => (object(o, 'ConfigMap').metadata.namespace = 'Test'), 'object-name ConfigMap/api-config metadata.namespace: "Test" is not a DNS label (lowercase letters, digits and "-", starting and ending with a letter or digit)'],
  ['object-name', 'an object without a name', (o) => delete object(o, 'ConfigMap').metadata.name, 'object-name ConfigMap/undefined metadata.name: is missing'],
  ['labels', 'a 70-character label value', (o) => (object(o, 'ConfigMap').metadata.labels.release = 'r'.repeat(70)), `labels ConfigMap/api-config metadata.labels.release: the value "${'r'.repeat(70)}" is 70 characters long, more than the 63 a label value allows`],
  ['labels', 'a label value with a space', (o) => (object(o, 'Deployment').spec.template.metadata.labels.team = 'build infra'), 'labels Deployment/api spec.template.metadata.labels.team: the value "build infra" is not a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)'],
  ['labels', 'a label key with two slashes', (o) => (object(o, 'Service').metadata.labels['a/b/c'] = 'x'), 'labels Service/api metadata.labels["a/b/c"]: the key "a/b/c" is not a qualified name (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, after an optional "prefix/")'],
  ['labels', 'a selector expression without values', (o) => (object(o, 'PodDisruptionBudget').spec.selector.matchExpressions = [{ key: 'tier', operator: 'In', values: [] }]), 'labels PodDisruptionBudget/api spec.selector.matchExpressions[0].values: is empty, but In needs values'],
  ['annotations', 'an annotation key with a space', (o) => (object(o, 'Ingress').metadata.annotations['nginx ingress/x'] = 'y'), 'annotations Ingress/shipshape metadata.annotations["nginx ingress/x"]: the key "nginx ingress/x" has the prefix "nginx ingress", which is not a DNS subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)'],
  ['annotations', 'more than 256 KiB of annotations', (o) => (object(o, 'ConfigMap').metadata.annotations = { 'example.com/blob': 'x'.repeat(300 * 1024) }), 'annotations ConfigMap/api-config metadata.annotations: hold 307216 bytes, more than the 256 KiB an object\'s annotations may'],
  ['container-names', 'two containers with one name', (o) => podSpec(o).containers.push({ ...container(o), ports: undefined }), 'container-names Deployment/api spec.template.spec.containers[1].name: "api" names another container of the pod too'],
  ['container-names', 'a container without an image', (o) => delete container(o).image, 'container-names Deployment/api spec.template.spec.containers[0].image: is missing'],
  ['volume-mounts', 'a mount of an undefined volume', (o) => container(o).volumeMounts.push({ name: 'cache', mountPath: '/cache' }), 'volume-mounts Deployment/api spec.template.spec.containers[0].volumeMounts[1].name: mounts the volume "cache", which the pod does not define'],
  ['volume-mounts', 'two mounts at one path', (o) => container(o).volumeMounts.push({ name: 'tmp', mountPath: '/tmp' }), 'volume-mounts Deployment/api spec.template.spec.containers[0].volumeMounts[1].mountPath: "/tmp" is mounted twice in this container'],
  ['container-ports', 'an 18-character port name', (o) => (container(o).ports[0].name = 'http-metrics-admin'), 'container-ports Deployment/api spec.template.spec.containers[0].ports[0].name: "http-metrics-admin" is 18 characters long, more than the 15 a port name allows'],
  ['container-ports', 'a port number above 65535', (o) => (container(o).ports[0].containerPort = 70000), 'container-ports Deployment/api spec.template.spec.containers[0].ports[0].containerPort: 70000 is not a port number between 1 and 65535'],
  ['container-ports', 'a port name used twice', (o) => container(o).ports.push({ name: 'http', containerPort: 9090, protocol: 'TCP' }), 'container-ports Deployment/api spec.template.spec.containers[0].ports[1].name: "http" names another port of the pod too'],
  ['env-var-name', 'an env var named "1BAD NAME"', (o) => (container(o).env = [{ name: '1BAD NAME', value: 'x' }]), 'env-var-name Deployment/api spec.template.spec.containers[0].env[0].name: "1BAD NAME" is not an environment variable name Kubernetes 1.27 accepts (letters, digits, "_", "-" and ".", not starting with a digit)'],
  ['env-var-name', 'an envFrom prefix with "="', (o) => (container(o).envFrom[0].prefix = 'APP='), 'env-var-name Deployment/api spec.template.spec.containers[0].envFrom[0].prefix: "APP=" is not an environment variable name Kubernetes 1.27 accepts (letters, digits, "_", "-" and ".", not starting with a digit)'],
  ['env-var-source', 'both value and valueFrom', (o) => (container(o).env = [{ name: 'TOKEN', value: 'x', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'TOKEN' } } }]), 'env-var-source Deployment/api spec.template.spec.containers[0].env[0].valueFrom: is set together with value'],
  ['env-var-source', 'a valueFrom with two sources', (o) => (container(o).env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'A' }, configMapKeyRef: { name: 'c', key: 'A' } } }]), 'env-var-source Deployment/api spec.template.spec.containers[0].env[0].valueFrom: names 2 sources (configMapKeyRef, secretKeyRef)'],
  ['env-var-source', 'an envFrom with no source', (o) => (container(o).envFrom = [{ prefix: 'X_' }]), 'env-var-source Deployment/api spec.template.spec.containers[0].envFrom[0]: names no source'],
  ['probe-handler', 'a probe with two handlers', (o) => (container(o).readinessProbe.tcpSocket = { port: 'http' }), 'probe-handler Deployment/api spec.template.spec.containers[0].readinessProbe: has 2 handlers (httpGet, tcpSocket)'],
  ['probe-handler', 'a probe without a handler', (o) => delete container(o).livenessProbe.httpGet, 'probe-handler Deployment/api spec.template.spec.containers[0].livenessProbe: has no handler'],
  ['probe-handler', 'a probe port name that is not a port name', (o) => (container(o).readinessProbe.httpGet.port = 'HTTP_PORT'), 'probe-handler Deployment/api spec.template.spec.containers[0].readinessProbe.httpGet.port: "HTTP_PORT" is not a port name (lowercase letters, digits and single "-", starting and ending with a letter or digit)'],
  ['probe-handler', 'a preStop hook with no handler', (o) => (container(o).lifecycle.preStop = {}), 'probe-handler Deployment/api spec.template.spec.containers[0].lifecycle.preStop: has no handler'],
  ['probe-settings', 'a liveness successThreshold of 2', (o) => (container(o).livenessProbe.successThreshold = 2), 'probe-settings Deployment/api spec.template.spec.containers[0].livenessProbe.successThreshold: is 2, but a liveness probe needs 1'],
  ['probe-settings', 'a negative period', (o) => (container(o).readinessProbe.periodSeconds = -5), 'probe-settings Deployment/api spec.template.spec.containers[0].readinessProbe.periodSeconds: is -5, below 0'],
  ['requests-within-limits', 'a memory request above its limit', (o) => (container(o).resources.requests.memory = '1Gi'), 'requests-within-limits Deployment/api spec.template.spec.containers[0].resources.requests.memory: is 1Gi, more than the limit 256Mi'],
  ['requests-within-limits', 'a CPU request of 2 over a limit of 500m', (o) => (container(o).resources.requests.cpu = 2), 'requests-within-limits Deployment/api spec.template.spec.containers[0].resources.requests.cpu: is 2, more than the limit 500m'],
  ['selector-matches-template', 'a selector the template does not match', (o) => (object(o, 'Deployment').spec.selector.matchLabels['app.kubernetes.io/name'] = 'web'), 'selector-matches-template Deployment/api spec.selector: does not select the pod template\'s labels'],
  ['selector-matches-template', 'an empty selector', (o) => (object(o, 'Deployment').spec.selector = {}), 'selector-matches-template Deployment/api spec.selector: is empty, so it would select every pod in the namespace'],
  ['rolling-update', 'maxSurge and maxUnavailable both 0', (o) => (object(o, 'Deployment').spec.strategy.rollingUpdate.maxSurge = 0), 'rolling-update Deployment/api spec.strategy.rollingUpdate: has maxSurge and maxUnavailable both 0, so a rollout could never make progress'],
  ['rolling-update', 'maxUnavailable above 100%', (o) => (object(o, 'Deployment').spec.strategy.rollingUpdate.maxUnavailable = '150%'), 'rolling-update Deployment/api spec.strategy.rollingUpdate.maxUnavailable: is 150%, more than 100%'],
  ['rolling-update', 'a fractional percentage', (o) => (object(o, 'Deployment').spec.strategy.rollingUpdate.maxSurge = '12.5%'), 'rolling-update Deployment/api spec.strategy.rollingUpdate.maxSurge: "12.5%" is not a count of 0 or more or a percentage like "25%"'],
  ['rolling-update', 'rollingUpdate with the Recreate strategy', (o) => (object(o, 'Deployment').spec.strategy.type = 'Recreate'), 'rolling-update Deployment/api spec.strategy.rollingUpdate: is set, but the strategy type is Recreate'],
  ['rolling-update', 'a progress deadline within minReadySeconds', (o) => (object(o, 'Deployment').spec.progressDeadlineSeconds = 10), 'rolling-update Deployment/api spec.progressDeadlineSeconds: is 10, not more than minReadySeconds 10'],
  ['service-ports', 'an unnamed second port', (o) => object(o, 'Service').spec.ports.push({ port: 9090, targetPort: 9090, protocol: 'TCP' }), 'service-ports Service/api spec.ports[1].name: is missing, but a Service with more than one port must name each'],
  ['service-ports', 'the same port twice', (o) => object(o, 'Service').spec.ports.push({ name: 'http2', port: 8080, targetPort: 'http', protocol: 'TCP' }), 'service-ports Service/api spec.ports[1].port: 8080/TCP is exposed twice'],
  ['service-ports', 'a nodePort on a ClusterIP Service', (o) => (object(o, 'Service').spec.ports[0].nodePort = 30080), 'service-ports Service/api spec.ports[0].nodePort: is set on a ClusterIP Service'],
  ['service-ports', 'no ports', (o) => (object(o, 'Service').spec.ports = []), 'service-ports Service/api spec.ports: is empty, but a Service needs at least one port'],
  ['ingress-paths', 'a Prefix path without a slash', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].path = 'api'), 'ingress-paths Ingress/shipshape spec.rules[0].http.paths[0].path: "api" does not start with "/"'],
  ['ingress-paths', 'a Prefix path with "//"', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].path = '/api//v1'), 'ingress-paths Ingress/shipshape spec.rules[0].http.paths[0].path: "/api//v1" contains "//", which a Prefix path must not'],
  ['ingress-backends', 'a backend port with a name and a number', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.port.name = 'http'), 'ingress-backends Ingress/shipshape spec.rules[0].http.paths[0].backend.service.port: has both a name and a number'],
  ['ingress-backends', 'a backend with no service', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend = {}), 'ingress-backends Ingress/shipshape spec.rules[0].http.paths[0].backend: names neither a service nor a resource'],
  ['ingress-backends', 'neither rules nor a default backend', (o) => (object(o, 'Ingress').spec.rules = []), 'ingress-backends Ingress/shipshape spec: has neither rules nor a defaultBackend'],
  ['ingress-hosts', 'an IP address as host', (o) => (object(o, 'Ingress').spec.rules[0].host = '10.0.0.1'), 'ingress-hosts Ingress/shipshape spec.rules[0].host: "10.0.0.1" is an IP address, not a host name'],
  ['ingress-hosts', 'an uppercase TLS host', (o) => (object(o, 'Ingress').spec.tls[0].hosts[0] = 'API.example.com'), 'ingress-hosts Ingress/shipshape spec.tls[0].hosts[0]: "API.example.com" is not a lowercase DNS host name'],
  ['ingress-hosts', 'a wildcard in the middle', (o) => (object(o, 'Ingress').spec.rules[0].host = 'api.*.example.com'), 'ingress-hosts Ingress/shipshape spec.rules[0].host: "api.*.example.com" is not a lowercase DNS host name'],
  ['data-keys', 'a ConfigMap key with a space', (o) => (object(o, 'ConfigMap').data['LOG LEVEL'] = 'x'), 'data-keys ConfigMap/api-config data["LOG LEVEL"]: "LOG LEVEL" is not a key (letters, digits, "-", "_" and ".")'],
  ['data-keys', 'a key in data and binaryData', (o) => (object(o, 'ConfigMap').binaryData = { LOG_LEVEL: 'aW5mbw==' }), 'data-keys ConfigMap/api-config binaryData.LOG_LEVEL: is also a key of data'],
  ['data-size', 'a ConfigMap over 1 MiB', (o) => (object(o, 'ConfigMap').data.BIG = 'x'.repeat(1024 * 1024)), 'data-size ConfigMap/api-config data: holds 1048580 bytes, more than the 1 MiB (1048576 bytes) a ConfigMap can'],
  ['hpa-replicas', 'maxReplicas below minReplicas', (o) => (object(o, 'HorizontalPodAutoscaler').spec.maxReplicas = 1), 'hpa-replicas HorizontalPodAutoscaler/api spec.maxReplicas: is 1, below minReplicas 2'],
  ['hpa-replicas', 'minReplicas 0', (o) => (object(o, 'HorizontalPodAutoscaler').spec.minReplicas = 0), 'hpa-replicas HorizontalPodAutoscaler/api spec.minReplicas: is 0, below 1'],
  ['hpa-replicas', 'a utilization target of 0', (o) => (object(o, 'HorizontalPodAutoscaler').spec.metrics[0].resource.target.averageUtilization = 0), 'hpa-replicas HorizontalPodAutoscaler/api spec.metrics[0].resource.target.averageUtilization: is 0, but must be above 0'],
  ['hpa-behavior', 'a stabilization window over an hour', (o) => (object(o, 'HorizontalPodAutoscaler').spec.behavior.scaleDown.stabilizationWindowSeconds = 7200), 'hpa-behavior HorizontalPodAutoscaler/api spec.behavior.scaleDown.stabilizationWindowSeconds: is 7200, outside 0–3600'],
  ['hpa-behavior', 'a policy period of 0', (o) => (object(o, 'HorizontalPodAutoscaler').spec.behavior.scaleDown.policies[0].periodSeconds = 0), 'hpa-behavior HorizontalPodAutoscaler/api spec.behavior.scaleDown.policies[0].periodSeconds: is 0, outside 1–1800'],
  ['hpa-behavior', 'a scaling rule without policies', (o) => (object(o, 'HorizontalPodAutoscaler').spec.behavior.scaleUp = { stabilizationWindowSeconds: 0 }), 'hpa-behavior HorizontalPodAutoscaler/api spec.behavior.scaleUp.policies: is empty, but a scaling rule needs at least one policy'],
  ['pdb-budget', 'both minAvailable and maxUnavailable', (o) => (object(o, 'PodDisruptionBudget').spec.minAvailable = 1), 'pdb-budget PodDisruptionBudget/api spec.maxUnavailable: is set together with minAvailable'],
  ['pdb-budget', 'neither minAvailable nor maxUnavailable', (o) => delete object(o, 'PodDisruptionBudget').spec.maxUnavailable, 'pdb-budget PodDisruptionBudget/api spec: sets neither minAvailable nor maxUnavailable, so the budget protects nothing'],
  ['networkpolicy-ports', 'an endPort below its port', (o) => (object(o, 'NetworkPolicy', 'api').spec.egress[0].ports[0].endPort = 5000), 'networkpolicy-ports NetworkPolicy/api spec.egress[0].ports[0].endPort: 5000 is not a port from 5432 to 65535'],
  ['networkpolicy-ports', 'a port number of 0', (o) => (object(o, 'NetworkPolicy', 'api').spec.egress[0].ports[0].port = 0), 'networkpolicy-ports NetworkPolicy/api spec.egress[0].ports[0].port: 0 is not a port number between 1 and 65535'],
  ['networkpolicy-peers', 'an ipBlock with a pod selector', (o) => (object(o, 'NetworkPolicy', 'api').spec.egress[0].to[0].podSelector = {}), 'networkpolicy-peers NetworkPolicy/api spec.egress[0].to[0].ipBlock: is set together with podSelector'],
  ['networkpolicy-peers', 'a CIDR with a /33 prefix', (o) => (object(o, 'NetworkPolicy', 'api').spec.egress[0].to[0].ipBlock.cidr = '10.0.0.0/33'), 'networkpolicy-peers NetworkPolicy/api spec.egress[0].to[0].ipBlock.cidr: "10.0.0.0/33" is not a CIDR'],
  ['networkpolicy-peers', 'an except outside the block', (o) => (object(o, 'NetworkPolicy', 'api').spec.egress[0].to[0].ipBlock.except = ['192.168.0.0/24']), 'networkpolicy-peers NetworkPolicy/api spec.egress[0].to[0].ipBlock.except[0]: "192.168.0.0/24" is not strictly inside 10.0.0.0/16'],
  ['networkpolicy-peers', 'an empty peer', (o) => (object(o, 'NetworkPolicy', 'api').spec.ingress[0].from = [{}]), 'networkpolicy-peers NetworkPolicy/api spec.ingress[0].from[0]: has no podSelector, namespaceSelector or ipBlock'],
  ['networkpolicy-peers', 'a policy type in lowercase', (o) => (object(o, 'NetworkPolicy', 'default-deny').spec.policyTypes = ['ingress']), 'networkpolicy-peers NetworkPolicy/default-deny spec.policyTypes[0]: "ingress" is not Ingress or Egress'],
  ['topology-spread', 'a maxSkew of 0', (o) => (podSpec(o).topologySpreadConstraints[0].maxSkew = 0), 'topology-spread Deployment/api spec.template.spec.topologySpreadConstraints[0].maxSkew: is 0, below 1'],
  ['topology-spread', 'a matchLabelKeys key that is also selected', (o) => podSpec(o).topologySpreadConstraints[0].matchLabelKeys.push('app.kubernetes.io/name'), 'topology-spread Deployment/api spec.template.spec.topologySpreadConstraints[0].matchLabelKeys[1]: "app.kubernetes.io/name" is also in labelSelector'],
];

describe('API-server rules', () => {
  test('stay quiet on a valid set of objects', () => {
    const objects = goodObjects();
    expect(validateObjects(objects)).toEqual([]);
  });

  test.each(cases)('%s fires on %s', (rule, _, apply, expected) => {
    const findings = findingsAfter(apply);
    expect(findings.filter((finding) => finding.startsWith(`${rule} `))).toEqual([expected]);
  });

  test('every API-server rule has a case that makes it fire', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(API_SERVER_RULES.map((rule) => rule.id)));
  });

  test.each<[string, (objects: any[]) => unknown]>([
    ['a 15-character port name', (o) => { container(o).ports[0].name = 'http-metrics-15'; container(o).readinessProbe.httpGet.port = 8080; container(o).livenessProbe.httpGet.port = 8080; container(o).startupProbe.httpGet.port = 8080; object(o, 'Service').spec.ports[0].targetPort = 8080; object(o, 'NetworkPolicy', 'api').spec.ingress[0].ports[0].port = 8080; }],
    ['a 63-character label value', (o) => (object(o, 'ConfigMap').metadata.labels.release = 'r'.repeat(63))],
    ['an env var name with dots and dashes (allowed in 1.27)', (o) => (container(o).env = [{ name: 'spring.profiles-active', value: 'prod' }])],
    ['a wildcard host', (o) => { object(o, 'Ingress').spec.rules[0].host = '*.example.com'; object(o, 'Ingress').spec.tls[0].hosts[0] = '*.example.com'; }],
    ['maxSurge 0 with maxUnavailable 1', (o) => Object.assign(object(o, 'Deployment').spec.strategy.rollingUpdate, { maxSurge: 0, maxUnavailable: 1 })],
    ['a request equal to its limit', (o) => (container(o).resources.requests.memory = '256Mi')],
    ['a quantity written as a number', (o) => (container(o).resources.limits.cpu = 1)],
    ['minAvailable instead of maxUnavailable', (o) => { const spec = object(o, 'PodDisruptionBudget').spec; delete spec.maxUnavailable; spec.minAvailable = '50%'; }],
    ['an RBAC-style name on a Role', (o) => o.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'system:reader', namespace: 'test' }, rules: [] })],
  ])('stay quiet on %s', (_, apply) => {
    expect(findingsAfter(apply)).toEqual([]);
  });
});
