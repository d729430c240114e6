import { CROSS_OBJECT_RULES } from '../lib/validation/cross-object-rules';
import { container, findingsAfter, object } from './support/validation';

// Objects that are each valid but do not fit together.
type Case = [rule: string, change: string, apply: (objects: any[]) => unknown, expected: string];

const cases: Case[] = [
  ['duplicate-object', 'the same ConfigMap twice', (o) => o.push(structuredClone(object(o, 'ConfigMap'))), 'duplicate-object ConfigMap/api-config metadata.name: ConfigMap api-config is defined more than once in namespace test'],
  ['duplicate-object', 'one Deployment under two API versions', (o) => o.push({ ...structuredClone(object(o, 'Deployment')), apiVersion: 'apps/v1' }), 'duplicate-object Deployment/api metadata.name: Deployment api is defined more than once in namespace test'],
  ['service-selects-pods', 'a Service selecting a misspelt app', (o) => (object(o, 'Service').spec.selector['app.kubernetes.io/name'] = 'apii'), 'service-selects-pods Service/api spec.selector: selects no pod template in namespace test'],
  ['service-target-port', 'a target port no container declares', (o) => (object(o, 'Service').spec.ports[0].targetPort = 'web'), 'service-target-port Service/api spec.ports[0].targetPort: names the container port "web", which no selected container declares ("http")'],
  ['ingress-backend-exists', 'a backend Service that does not exist', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.name = 'billing'), 'ingress-backend-exists Ingress/shipshape spec.rules[0].http.paths[0].backend.service.name: names the Service "billing", which is not defined here'],
  ['ingress-backend-exists', 'a backend port the Service does not have', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { name: 'grpc' }), 'ingress-backend-exists Ingress/shipshape spec.rules[0].http.paths[0].backend.service.port.name: "grpc" is not a port of Service api (http)'],
  ['ingress-backend-exists', 'a backend port number the Service does not have', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { number: 80 }), 'ingress-backend-exists Ingress/shipshape spec.rules[0].http.paths[0].backend.service.port.number: 80 is not a port of Service api (http)'],
  ['hpa-target-exists', 'an autoscaler of a missing Deployment', (o) => (object(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'worker'), 'hpa-target-exists HorizontalPodAutoscaler/api spec.scaleTargetRef: names Deployment worker (apps/v1), which is not defined here'],
  ['hpa-target-exists', 'an autoscaler of a StatefulSet that is a Deployment', (o) => (object(o, 'HorizontalPodAutoscaler').spec.scaleTargetRef.kind = 'StatefulSet'), 'hpa-target-exists HorizontalPodAutoscaler/api spec.scaleTargetRef: names StatefulSet api (apps/v1), which is not defined here'],
  ['pdb-target-exists', 'a disruption budget selecting nothing', (o) => (object(o, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/instance'] = 'api-prod'), 'pdb-target-exists PodDisruptionBudget/api spec.selector: selects no pod template in namespace test'],
  ['service-account-exists', 'a pod using a missing ServiceAccount', (o) => (object(o, 'Deployment').spec.template.spec.serviceAccountName = 'deployer'), 'service-account-exists Deployment/api spec.template.spec.serviceAccountName: names the ServiceAccount "deployer", which is not defined here'],
];

describe('cross-object rules', () => {
  test.each(cases)('%s fires on %s', (rule, _, apply, expected) => {
    expect(findingsAfter(apply).filter((finding) => finding.startsWith(`${rule} `))).toEqual([expected]);
  });

  test('every cross-object rule has a case that makes it fire', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(CROSS_OBJECT_RULES.map((rule) => rule.id)));
  });

  test.each<[string, (objects: any[]) => unknown]>([
    ['a Service without a selector (endpoints managed by hand)', (o) => delete object(o, 'Service').spec.selector],
    ['a numeric target port', (o) => (object(o, 'Service').spec.ports[0].targetPort = 8080)],
    ['the default ServiceAccount', (o) => { delete object(o, 'Deployment').spec.template.spec.serviceAccountName; }],
    ['an Ingress backend by port number', (o) => (object(o, 'Ingress').spec.rules[0].http.paths[0].backend.service.port = { number: 8080 })],
    ['the same name in two namespaces', (o) => o.push({ ...structuredClone(object(o, 'ConfigMap')), metadata: { ...object(o, 'ConfigMap').metadata, namespace: 'other' } })],
    ['a Service selecting pods by an expression-free subset of labels', (o) => delete object(o, 'Service').spec.selector['app.kubernetes.io/instance']],
  ])('stay quiet on %s', (_, apply) => {
    expect(findingsAfter(apply)).toEqual([]);
  });

  test('a Service finds its pods through any one of several pod templates', () => {
    expect(
      findingsAfter((o) => {
        const canary = structuredClone(object(o, 'Deployment'));
        canary.metadata.name = 'api-canary';
        container([canary]).ports[0].name = 'web';
        o.push(canary);
      }).filter((finding) => finding.startsWith('service-target-port')),
    ).toEqual([]);
  });
});
