import { SCHEMA_RULES } from '../lib/validation/schema-rules';
import { isCustomResource, validateObjects } from '../lib/validation/validate-objects';
import { container, findingsAfter, goodObjects, object } from './support/validation';

// Strict validation against the Kubernetes 1.27 OpenAPI schema: what a real API
// server (or kubectl apply --validate=strict) rejects before any other check. That the committed
// validators are what the generator makes is checked by test/integration/validation-schema.test.ts.
type Case = [rule: string, change: string, apply: (objects: any[]) => unknown, expected: string];

const C0 = 'Deployment/api spec.template.spec.containers[0]';
const cases: Case[] = [
  ['served-kind', 'a removed beta API', (o) => Object.assign(object(o, 'Ingress'), { apiVersion: 'extensions/v1beta1' }), 'served-kind Ingress/shipshape apiVersion: extensions/v1beta1 Ingress is not one of the kinds Kubernetes 1.27 serves (kubectl api-resources)'],
  ['served-kind', 'a removed batch API', (o) => o.push({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'cleanup', namespace: 'test' } }), 'served-kind CronJob/cleanup apiVersion: batch/v1beta1 CronJob is not one of the kinds Kubernetes 1.27 serves (kubectl api-resources)'],
  ['served-kind', 'an unknown version of a group Kubernetes serves', (o) => o.push({ apiVersion: 'networking.k8s.io/v2', kind: 'NetworkPolicy', metadata: { name: 'x', namespace: 'test' } }), 'served-kind NetworkPolicy/x apiVersion: networking.k8s.io/v2 NetworkPolicy is not one of the kinds Kubernetes 1.27 serves (kubectl api-resources)'],
  ['schema-unknown-field', 'a misspelt container field', (o) => (container(o).imagePullPolicyy = 'Always'), `schema-unknown-field ${C0}.imagePullPolicyy: is not a known field`],
  ['schema-unknown-field', 'a misspelt metadata field', (o) => (object(o, 'Service').metadata.lables = {}), 'schema-unknown-field Service/api metadata.lables: is not a known field'],
  ['schema-required-field', 'a Deployment without a selector', (o) => delete object(o, 'Deployment').spec.selector, 'schema-required-field Deployment/api spec.selector: is missing, and the schema requires it'],
  ['schema-required-field', 'an object without apiVersion', (o) => delete object(o, 'ConfigMap').apiVersion, 'schema-required-field ConfigMap/api-config apiVersion: is missing'],
  ['schema-type', 'a port written as a string', (o) => (container(o).ports[0].containerPort = '8080'), `schema-type ${C0}.ports[0].containerPort: is the string "8080", not a whole number`],
  ['schema-type', 'a ConfigMap value that YAML 1.1 reads as a boolean', (o) => (object(o, 'ConfigMap').data.ENABLED = true), 'schema-type ConfigMap/api-config data.ENABLED: is the boolean true, not a string'],
  ['schema-type', 'a fractional replica count', (o) => (object(o, 'HorizontalPodAutoscaler').spec.maxReplicas = 2.5), 'schema-type HorizontalPodAutoscaler/api spec.maxReplicas: is the fraction 2.5, not a whole number'],
  ['schema-enum', 'an unknown pull policy', (o) => (container(o).imagePullPolicy = 'Sometimes'), `schema-enum ${C0}.imagePullPolicy: is "Sometimes", not one of "Always", "IfNotPresent", "Never"`],
  ['schema-enum', 'an unknown Service type', (o) => (object(o, 'Service').spec.type = 'Internal'), 'schema-enum Service/api spec.type: is "Internal", not one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
  ['schema-format', 'a malformed quantity', (o) => (container(o).resources.limits.memory = '512MB'), `schema-format ${C0}.resources.limits.memory: "512MB" is not a Kubernetes quantity`],
  ['schema-format', 'a port beyond 32 bits', (o) => (container(o).readinessProbe.httpGet.port = 2 ** 31), `schema-format ${C0}.readinessProbe.httpGet.port: 2147483648 does not fit in a 32-bit integer`],
];

describe('schema rules', () => {
  test.each(cases)('%s fires on %s', (rule, _, apply, expected) => {
    expect(findingsAfter(apply).filter((finding) => finding.startsWith(`${rule} `))).toEqual([expected]);
  });

  test('every schema rule has a case that makes it fire', () => {
    expect(new Set(cases.map(([rule]) => rule))).toEqual(new Set(SCHEMA_RULES.map((rule) => rule.id)));
  });

  test('an unknown field comes with the known field it most likely meant', () => {
    expect(findingsAfter((o) => (container(o).naem = 'api'))).toEqual([`schema-unknown-field ${C0}.naem: is not a known field`]);
    const broken = goodObjects();
    container(broken).naem = 'api';
    expect(validateObjects(broken)[0].fix).toBe('did you mean "name"? Rename it or remove it');
  });

  test('a value of the wrong type is one finding, not also a format finding', () => {
    expect(findingsAfter((o) => (container(o).resources.limits.cpu = ['1']))).toEqual([`schema-type ${C0}.resources.limits.cpu: is a list, not a string or a number`]);
  });

  test('custom resources, of groups Kubernetes 1.27 does not serve itself, are passed through unchecked', () => {
    const serviceMonitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'api', namespace: 'test' }, spec: { anything: ['goes'] } };
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'api', namespace: 'test' } };
    expect(findingsAfter((o) => o.push(serviceMonitor, gateway))).toEqual([]);
    expect([serviceMonitor, gateway].every(isCustomResource)).toBe(true);
    expect(goodObjects().some(isCustomResource)).toBe(false);
    expect(isCustomResource({ apiVersion: 'batch/v1beta1', kind: 'CronJob', metadata: { name: 'x' } })).toBe(false);
  });

  test('a version 1.27 no longer serves is refused, and the message names the one it serves', () => {
    const objects = goodObjects();
    object(objects, 'HorizontalPodAutoscaler').apiVersion = 'autoscaling/v2beta2';
    expect(validateObjects(objects)[0].fix).toBe('use apiVersion autoscaling/v2 or autoscaling/v1');
  });

  test('versions 1.27 serves beside the preferred one are accepted: an autoscaling/v1 HorizontalPodAutoscaler', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api-v1', namespace: 'test' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 } };
    expect(findingsAfter((o) => o.push(v1))).toEqual([]);
  });
});
