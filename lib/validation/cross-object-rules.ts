import { asArray, asRecord, asStringMap, KubeObject, kindOf, nameOf, namespaceOf } from './kube-object';
import { containersOf, POD_KINDS, podTemplateOf } from './pod-templates';
import { defineRules, Report } from './rule';

/**
 * Checks that objects which refer to each other agree: each would be accepted
 * alone, but together they route nothing, scale nothing or protect nothing.
 * All objects applied together must be validated together (a folder at once).
 */
export const CROSS_OBJECT_RULES = defineRules('cross-object', [
  {
    id: 'duplicate-object',
    severity: 'error',
    reason: 'two definitions of one object overwrite each other on apply, so one of them silently never takes effect',
    fix: 'define each object once, or rename one of them',
    check(object, report, objects) {
      if (objects.isRedefinition(object)) report(['metadata', 'name'], `${kindOf(object)} ${nameOf(object)} is defined more than once${namespaceOf(object) ? ` in namespace ${namespaceOf(object)}` : ''}`, 'remove or rename one of the definitions');
    },
  },
  {
    id: 'service-selects-pods',
    severity: 'error',
    reason: 'a Service whose selector matches no pod template has no endpoints, so every request to it fails',
    fix: 'select the labels of the workload\'s pod template',
    kinds: ['Service'],
    check(object, report, objects) {
      const selector = asStringMap(object.spec?.selector);
      if (object.spec?.type === 'ExternalName' || Object.keys(selector).length === 0) return;
      if (objects.podsSelectedByMap(namespaceOf(object), selector).length === 0) {
        reportSelectsNoPods(object, report);
      }
    },
  },
  {
    id: 'service-target-port',
    severity: 'error',
    reason: 'a Service port that targets a port name no selected container declares sends its traffic nowhere',
    fix: 'target a port name that the selected containers declare, or a port number',
    kinds: ['Service'],
    check(object, report, objects) {
      const selector = asStringMap(object.spec?.selector);
      if (Object.keys(selector).length === 0) return;
      const selected = objects.podsSelectedByMap(namespaceOf(object), selector);
      if (selected.length === 0) return;
      const declared = new Set(selected.flatMap(({ template }) => containersOf(template).flatMap(({ container }) => asArray(container.ports).map((port) => asRecord(port)?.name))));
      asArray(object.spec?.ports).forEach((port, index) => {
        const target = asRecord(port)?.targetPort;
        if (typeof target === 'string' && !declared.has(target)) {
          report(['spec', 'ports', index, 'targetPort'], `names the container port "${target}", which no selected container declares (${[...declared].filter(Boolean).map((name) => `"${name}"`).join(', ') || 'none named'})`, 'target a declared port name or a number');
        }
      });
    },
  },
  {
    id: 'ingress-backend-exists',
    severity: 'error',
    reason: 'an Ingress path to a Service or port that does not exist answers every request with 503',
    fix: 'point the backend at an existing Service and one of its ports',
    kinds: ['Ingress'],
    check(object, report, objects) {
      const backends: [(string | number)[], unknown][] = [];
      if (object.spec?.defaultBackend) backends.push([['spec', 'defaultBackend'], object.spec.defaultBackend]);
      asArray(object.spec?.rules).forEach((rule, ruleIndex) => {
        asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((entry, pathIndex) => backends.push([['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend'], asRecord(entry)?.backend]));
      });
      for (const [path, backend] of backends) {
        const service = asRecord(asRecord(backend)?.service);
        if (!service) continue;
        const target = objects.find(namespaceOf(object), '', 'Service', String(service.name));
        if (!target) {
          report([...path, 'service', 'name'], `names the Service "${service.name}", which is not defined here`, 'name a Service defined in the same namespace');
          continue;
        }
        const port = asRecord(service.port) ?? {};
        const ports = asArray(target.spec?.ports).map((entry) => asRecord(entry) ?? {});
        const found = port.name !== undefined ? ports.some((entry) => entry.name === port.name) : ports.some((entry) => entry.port === port.number);
        if (!found) {
          const field = port.name !== undefined ? 'name' : 'number';
          report([...path, 'service', 'port', field], `${JSON.stringify(port[field])} is not a port of Service ${service.name} (${ports.map((entry) => entry.name ?? entry.port).join(', ') || 'none'})`, 'use one of the Service\'s ports');
        }
      }
    },
  },
  {
    id: 'hpa-target-exists',
    severity: 'error',
    reason: 'an autoscaler whose target does not exist scales nothing',
    fix: 'point scaleTargetRef at an existing Deployment or StatefulSet',
    kinds: ['HorizontalPodAutoscaler'],
    check(object, report, objects) {
      const target = asRecord(object.spec?.scaleTargetRef) ?? {};
      const apiVersion = String(target.apiVersion ?? '');
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      if (!objects.find(namespaceOf(object), group, String(target.kind), String(target.name))) {
        report(['spec', 'scaleTargetRef'], `names ${target.kind} ${target.name}${apiVersion ? ` (${apiVersion})` : ''}, which is not defined here`, 'name a workload defined in the same namespace');
      }
    },
  },
  {
    id: 'pdb-target-exists',
    severity: 'error',
    reason: 'a PodDisruptionBudget that selects no pod template protects nothing',
    fix: 'select the labels of the workload\'s pod template',
    kinds: ['PodDisruptionBudget'],
    check(object, report, objects) {
      if (object.spec?.selector === undefined || objects.podsSelectedBy(namespaceOf(object), object.spec.selector).length === 0) {
        reportSelectsNoPods(object, report);
      }
    },
  },
  {
    id: 'service-account-exists',
    severity: 'error',
    reason: 'a pod that names a ServiceAccount that does not exist is never created',
    fix: 'define the ServiceAccount, or name an existing one',
    kinds: POD_KINDS,
    check(object, report, objects) {
      const template = podTemplateOf(object)!;
      const name = template.spec.serviceAccountName;
      if (typeof name !== 'string' || name === '' || name === 'default') return;
      if (!objects.find(namespaceOf(object), '', 'ServiceAccount', name)) {
        report([...template.path, 'spec', 'serviceAccountName'], `names the ServiceAccount "${name}", which is not defined here`, 'define it next to the workload or use an existing one');
      }
    },
  },
]);

/** Ids of the cross-object rules. */
export type CrossObjectRuleId = (typeof CROSS_OBJECT_RULES)[number]['id'];

/** The one message of the rules whose selector (a Service's, a PodDisruptionBudget's) selects no pod template. */
function reportSelectsNoPods(object: KubeObject, report: Report): void {
  const namespace = namespaceOf(object);
  report(['spec', 'selector'], `selects no pod template in ${namespace ? `namespace ${namespace}` : 'these manifests'}`, 'select the labels of the workload\'s pod template');
}
