import { isIP } from 'node:net';
import { asArray, asRecord, asStringMap, kindOf, KubeObject } from './kube-object';
import { selectorMatches, selectorIsEmpty, mapSelectorMatches } from './label-selector';
import {
  apiServerEnvVarNameProblem,
  dataKeyProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  hostProblem,
  labelValueProblem,
  portNameProblem,
  portNumberProblem,
  qualifiedNameProblem,
  serviceNameProblem,
} from './names';
import type { ObjectPath } from './object-path';
import { containersOf, POD_KINDS, podTemplateOf } from './pod-templates';
import { quantityValue } from './quantity';
import { defineRules, Report } from './rule';

/**
 * The checks a Kubernetes 1.27 API server makes beyond its OpenAPI schema
 * (pkg/apis/*\/validation): an object that breaks one is rejected by
 * `kubectl apply`, so it must never reach the cluster.
 */
export const API_SERVER_RULES = defineRules('api-server', [
  {
    id: 'object-name',
    severity: 'error',
    reason: 'the API server rejects a name that is not a DNS name of the form its kind needs',
    fix: 'use lowercase letters, digits and "-", starting with a letter',
    check(object, report) {
      const metadata = asRecord(object.metadata) ?? {};
      const name = metadata.name;
      if (typeof name !== 'string' || name.length === 0) {
        if (!metadata.generateName) report(['metadata', 'name'], 'is missing', 'give the object a name');
      } else {
        const problem = nameProblem(kindOf(object), name);
        if (problem) report(['metadata', 'name'], problem, `use a name like "${suggestName(name)}"`);
      }
      if (typeof metadata.namespace === 'string' && metadata.namespace.length > 0) {
        const problem = dnsLabelProblem(metadata.namespace);
        if (problem) report(['metadata', 'namespace'], problem, 'use a lowercase DNS label such as "production"');
      }
    },
  },
  {
    id: 'labels',
    severity: 'error',
    reason: 'the API server rejects label keys that are not qualified names and values longer than 63 characters or with other characters than letters, digits, "-", "_" and "."',
    fix: 'shorten the label or replace the characters it does not allow',
    check(object, report) {
      checkLabels(object.metadata?.labels, ['metadata', 'labels'], report);
      const template = podTemplateOf(object);
      if (template && template.path.length > 0) checkLabels(valueAt(object, [...template.path, 'metadata', 'labels']), [...template.path, 'metadata', 'labels'], report);
      for (const [path, selector] of labelSelectors(object)) checkSelector(selector, path, report);
      if (kindOf(object) === 'Service' || kindOf(object) === 'ReplicationController') checkLabels(object.spec?.selector, ['spec', 'selector'], report);
    },
  },
  {
    id: 'annotations',
    severity: 'error',
    reason: 'the API server rejects annotation keys that are not qualified names, and more than 256 KiB of annotations on one object',
    fix: 'use keys like "example.com/note", and keep large data in a ConfigMap',
    check(object, report) {
      checkAnnotations(object.metadata?.annotations, ['metadata', 'annotations'], report);
      const template = podTemplateOf(object);
      if (template && template.path.length > 0) checkAnnotations(valueAt(object, [...template.path, 'metadata', 'annotations']), [...template.path, 'metadata', 'annotations'], report);
    },
  },
  {
    id: 'container-names',
    severity: 'error',
    reason: 'the API server rejects a container without an image, and container names that are not unique DNS labels',
    fix: 'name each container with a unique lowercase DNS label and give it an image',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      const seen = new Set<string>();
      for (const { path, container, list } of containersOf(template)) {
        const name = String(container.name ?? '');
        const problem = dnsLabelProblem(name);
        if (problem) report([...path, 'name'], problem, 'use a lowercase name such as "app"');
        else if (seen.has(name)) report([...path, 'name'], `"${name}" names another container of the pod too`, 'give each container its own name');
        seen.add(name);
        if (list !== 'ephemeralContainers' && (typeof container.image !== 'string' || container.image.trim().length === 0)) {
          report([...path, 'image'], 'is missing', 'set the image to run, e.g. "ghcr.io/acme/app:1.0.0"');
        }
      }
    },
  },
  {
    id: 'volume-mounts',
    severity: 'error',
    reason: 'the API server rejects a volume mount of a volume the pod does not define (a StatefulSet\'s volumeClaimTemplates define volumes too), two mounts at one path, and volume names that are not unique DNS labels',
    fix: 'define each mounted volume once under volumes, and mount it at its own path',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      const volumes = new Set<string>();
      asArray(template.spec.volumes).forEach((volume, index) => {
        const name = String(asRecord(volume)?.name ?? '');
        const path = [...template.path, 'spec', 'volumes', index, 'name'];
        const problem = dnsLabelProblem(name);
        if (problem) report(path, problem, 'use a lowercase name such as "cache"');
        else if (volumes.has(name)) report(path, `"${name}" names another volume of the pod too`, 'give each volume its own name');
        volumes.add(name);
      });
      // A StatefulSet's controller adds a volume per claim template to each pod it creates, under the claim's name.
      if (kindOf(object) === 'StatefulSet') {
        for (const claim of asArray(object.spec?.volumeClaimTemplates)) volumes.add(String(asRecord(asRecord(claim)?.metadata)?.name ?? ''));
      }
      for (const { path, container } of containersOf(template)) {
        const mountPaths = new Set<string>();
        asArray(container.volumeMounts).forEach((mount, index) => {
          const record = asRecord(mount) ?? {};
          if (!volumes.has(String(record.name))) report([...path, 'volumeMounts', index, 'name'], `mounts the volume "${record.name}", which the pod does not define`, `add a volume named "${record.name}" to the pod's volumes or mount an existing one`);
          if (mountPaths.has(String(record.mountPath))) report([...path, 'volumeMounts', index, 'mountPath'], `"${record.mountPath}" is mounted twice in this container`, 'mount each path once');
          mountPaths.add(String(record.mountPath));
        });
      }
    },
  },
  {
    id: 'container-ports',
    severity: 'error',
    reason: 'the API server rejects container ports outside 1–65535 and port names that are not unique IANA service names of at most 15 characters',
    fix: 'name ports like "http" or "metrics" (at most 15 characters, unique in the pod) and use numbers from 1 to 65535',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      const names = new Set<string>();
      for (const { path, container } of containersOf(template)) {
        asArray(container.ports).forEach((port, index) => {
          const record = asRecord(port) ?? {};
          const portPath = [...path, 'ports', index];
          if (record.name !== undefined) {
            const name = String(record.name);
            const problem = portNameProblem(name);
            if (problem) report([...portPath, 'name'], problem, 'name ports like "http", "grpc" or "metrics"');
            else if (names.has(name)) report([...portPath, 'name'], `"${name}" names another port of the pod too`, 'give each port its own name');
            names.add(name);
          }
          const numberProblem = portNumberProblem(Number(record.containerPort));
          if (numberProblem) report([...portPath, 'containerPort'], numberProblem, 'use the port the container listens on, e.g. 8080');
          if (record.hostPort !== undefined && record.hostPort !== 0 && portNumberProblem(Number(record.hostPort))) {
            report([...portPath, 'hostPort'], `${record.hostPort} is not a port number between 1 and 65535`, 'remove hostPort (a Service is the way to reach a pod)');
          }
        });
      }
    },
  },
  {
    id: 'env-var-name',
    severity: 'error',
    reason: 'the API server (1.27) rejects environment variable names with characters other than letters, digits, "_", "-" and ".", or starting with a digit',
    fix: 'rename the variable, e.g. "LOG_LEVEL"',
    kinds: POD_KINDS,
    check(object, report) {
      for (const { path, container } of containersOf(podTemplateOf(object)!)) {
        asArray(container.env).forEach((variable, index) => {
          const problem = apiServerEnvVarNameProblem(String(asRecord(variable)?.name ?? ''));
          if (problem) report([...path, 'env', index, 'name'], problem, 'rename it, e.g. "LOG_LEVEL"');
        });
        asArray(container.envFrom).forEach((source, index) => {
          const prefix = asRecord(source)?.prefix;
          const problem = typeof prefix === 'string' && prefix.length > 0 ? apiServerEnvVarNameProblem(prefix) : undefined;
          if (problem) report([...path, 'envFrom', index, 'prefix'], problem, 'use a prefix like "APP_"');
        });
      }
    },
  },
  {
    id: 'env-var-source',
    severity: 'error',
    reason: 'the API server rejects an environment variable with both a value and a valueFrom, and a valueFrom or envFrom with other than exactly one source',
    fix: 'give each variable either a value or a valueFrom with one source',
    kinds: POD_KINDS,
    check(object, report) {
      for (const { path, container } of containersOf(podTemplateOf(object)!)) {
        asArray(container.env).forEach((variable, index) => {
          const record = asRecord(variable) ?? {};
          const variablePath = [...path, 'env', index];
          const valueFrom = asRecord(record.valueFrom);
          if (!valueFrom) return;
          if (typeof record.value === 'string' && record.value.length > 0) {
            report([...variablePath, 'valueFrom'], 'is set together with value', 'keep either value or valueFrom');
          }
          const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((source) => valueFrom[source] !== undefined);
          if (sources.length !== 1) {
            report([...variablePath, 'valueFrom'], sources.length === 0 ? 'names no source' : `names ${sources.length} sources (${sources.join(', ')})`, 'use exactly one of fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef');
          }
          for (const source of ['configMapKeyRef', 'secretKeyRef']) {
            const reference = asRecord(valueFrom[source]);
            if (!reference) continue;
            if (!reference.name) report([...variablePath, 'valueFrom', source, 'name'], 'is missing', `name the ${source === 'secretKeyRef' ? 'Secret' : 'ConfigMap'} to read`);
            const keyProblem = dataKeyProblem(String(reference.key ?? ''));
            if (keyProblem) report([...variablePath, 'valueFrom', source, 'key'], keyProblem, 'use the key as it is in the data');
          }
        });
        asArray(container.envFrom).forEach((source, index) => {
          const record = asRecord(source) ?? {};
          const count = ['configMapRef', 'secretRef'].filter((kind) => record[kind] !== undefined).length;
          if (count !== 1) report([...path, 'envFrom', index], count === 0 ? 'names no source' : 'names both a ConfigMap and a Secret', 'use exactly one of configMapRef and secretRef per entry');
        });
      }
    },
  },
  {
    id: 'probe-handler',
    severity: 'error',
    reason: 'the API server rejects a probe or lifecycle hook without exactly one handler, a handler port that is not a port number or name, and probes on init containers',
    fix: 'give the probe one of exec, httpGet, tcpSocket and grpc',
    kinds: POD_KINDS,
    check(object, report) {
      for (const { path, container, list } of containersOf(podTemplateOf(object)!)) {
        for (const probe of PROBES) {
          if (container[probe] === undefined) continue;
          if (list !== 'containers') {
            report([...path, probe], `is set on an ${list === 'initContainers' ? 'init' : 'ephemeral'} container, which cannot have probes`, 'remove it');
            continue;
          }
          checkHandler(asRecord(container[probe]) ?? {}, ['exec', 'httpGet', 'tcpSocket', 'grpc'], [...path, probe], report);
        }
        const lifecycle = asRecord(container.lifecycle);
        for (const hook of ['postStart', 'preStop']) {
          if (lifecycle?.[hook] !== undefined) checkHandler(asRecord(lifecycle[hook]) ?? {}, ['exec', 'httpGet', 'tcpSocket'], [...path, 'lifecycle', hook], report);
        }
      }
    },
  },
  {
    id: 'probe-settings',
    severity: 'error',
    reason: 'the API server rejects negative probe timings and a liveness or startup probe whose successThreshold is not 1',
    fix: 'use timings of 0 or more, and successThreshold 1 for liveness and startup probes',
    kinds: POD_KINDS,
    check(object, report) {
      for (const { path, container, list } of containersOf(podTemplateOf(object)!)) {
        if (list !== 'containers') continue;
        for (const probe of PROBES) {
          const settings = asRecord(container[probe]);
          if (!settings) continue;
          for (const field of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
            if (typeof settings[field] === 'number' && settings[field] < 0) report([...path, probe, field], `is ${settings[field]}, below 0`, 'use 0 or more (0 takes the default)');
          }
          if (probe !== 'readinessProbe' && typeof settings.successThreshold === 'number' && settings.successThreshold > 1) {
            report([...path, probe, 'successThreshold'], `is ${settings.successThreshold}, but a ${probe === 'livenessProbe' ? 'liveness' : 'startup'} probe needs 1`, 'set successThreshold: 1');
          }
          if (typeof settings.terminationGracePeriodSeconds === 'number' && settings.terminationGracePeriodSeconds < 1) {
            report([...path, probe, 'terminationGracePeriodSeconds'], `is ${settings.terminationGracePeriodSeconds}, below 1`, 'use at least 1 or leave it out');
          }
        }
      }
    },
  },
  {
    id: 'requests-within-limits',
    severity: 'error',
    reason: 'the API server rejects a container that requests more of a resource than its limit, and negative quantities',
    fix: 'raise the limit or lower the request',
    kinds: POD_KINDS,
    check(object, report) {
      for (const { path, container } of containersOf(podTemplateOf(object)!)) {
        const resources = asRecord(container.resources) ?? {};
        const requests = asRecord(resources.requests) ?? {};
        const limits = asRecord(resources.limits) ?? {};
        for (const [bag, values] of [['requests', requests], ['limits', limits]] as const) {
          for (const [resource, value] of Object.entries(values)) {
            const amount = quantityValue(value);
            if (amount !== undefined && amount < 0) report([...path, 'resources', bag, resource], `is ${value}, below 0`, 'use a positive quantity');
          }
        }
        for (const [resource, request] of Object.entries(requests)) {
          if (limits[resource] === undefined) continue;
          const requested = quantityValue(request);
          const limit = quantityValue(limits[resource]);
          if (requested !== undefined && limit !== undefined && requested > limit) {
            report([...path, 'resources', 'requests', resource], `is ${request}, more than the limit ${limits[resource]}`, 'raise the limit or lower the request');
          }
        }
      }
    },
  },
  {
    id: 'selector-matches-template',
    severity: 'error',
    reason: 'the API server rejects a workload whose selector is empty or does not select its own pod template',
    fix: 'select the pods by labels that the pod template carries',
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'],
    check(object, report) {
      const template = podTemplateOf(object)!;
      const selector = object.spec?.selector;
      if (kindOf(object) === 'ReplicationController') {
        // An RC without a selector takes its template's labels.
        if (selector !== undefined && !mapSelectorMatches(selector, template.labels)) report(['spec', 'selector'], 'does not select the pod template', 'use labels the pod template carries');
        return;
      }
      if (selectorIsEmpty(selector)) report(['spec', 'selector'], 'is empty, so it would select every pod in the namespace', 'select the pods by labels such as app.kubernetes.io/name');
      else if (!selectorMatches(selector, template.labels)) report(['spec', 'selector'], 'does not select the pod template\'s labels', 'make spec.template.metadata.labels carry every label the selector asks for');
    },
  },
  {
    id: 'rolling-update',
    severity: 'error',
    reason: 'the API server rejects rolling-update bounds that are negative, above 100 %, or both zero, and a progress deadline within minReadySeconds',
    fix: 'use counts of 0 or more or percentages up to 100 %, and keep maxSurge or maxUnavailable above zero',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      const kind = kindOf(object);
      for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit']) {
        if (typeof spec[field] === 'number' && spec[field] < 0) report(['spec', field], `is ${spec[field]}, below 0`, 'use 0 or more');
      }
      if (kind === 'Deployment' && typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
        report(['spec', 'progressDeadlineSeconds'], `is ${spec.progressDeadlineSeconds}, not more than minReadySeconds ${spec.minReadySeconds ?? 0}`, 'make the progress deadline longer than minReadySeconds');
      }
      const strategyField = kind === 'Deployment' ? 'strategy' : 'updateStrategy';
      const strategy = asRecord(spec[strategyField]) ?? {};
      const rollingUpdate = asRecord(strategy.rollingUpdate);
      const strategyPath = ['spec', strategyField];
      if (!rollingUpdate) return;
      if (strategy.type !== undefined && strategy.type !== 'RollingUpdate') {
        report([...strategyPath, 'rollingUpdate'], `is set, but the strategy type is ${strategy.type}`, 'remove rollingUpdate or set type: RollingUpdate');
        return;
      }
      if (kind === 'StatefulSet') {
        if (typeof rollingUpdate.partition === 'number' && rollingUpdate.partition < 0) report([...strategyPath, 'rollingUpdate', 'partition'], `is ${rollingUpdate.partition}, below 0`, 'use 0 or more');
        return;
      }
      const defaults = kind === 'Deployment' ? { maxSurge: '25%', maxUnavailable: '25%' } : { maxSurge: 0, maxUnavailable: 1 };
      const bounds: Record<string, number | undefined> = {};
      for (const field of ['maxSurge', 'maxUnavailable'] as const) {
        const value = rollingUpdate[field] ?? defaults[field];
        const amount = intOrPercent(value);
        if (amount === undefined) report([...strategyPath, 'rollingUpdate', field], `${JSON.stringify(value)} is not a count of 0 or more or a percentage like "25%"`, 'use e.g. 1 or "25%"');
        else if (field === 'maxUnavailable' && typeof value === 'string' && amount > 100) report([...strategyPath, 'rollingUpdate', field], `is ${value}, more than 100%`, 'use at most "100%"');
        bounds[field] = amount;
      }
      if (bounds.maxSurge === 0 && bounds.maxUnavailable === 0) {
        report([...strategyPath, 'rollingUpdate'], 'has maxSurge and maxUnavailable both 0, so a rollout could never make progress', 'allow a surge (e.g. maxSurge: "25%") or an unavailable pod');
      }
    },
  },
  {
    id: 'service-ports',
    severity: 'error',
    reason: 'the API server rejects a Service without ports, unnamed ports when it has several, duplicate names or ports, and out-of-range port numbers',
    fix: 'name every port of a Service with several ports, each name and port once, numbers from 1 to 65535',
    kinds: ['Service'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      const ports = asArray(spec.ports);
      const type = spec.type ?? 'ClusterIP';
      if (ports.length === 0) {
        if (type !== 'ExternalName' && spec.clusterIP !== 'None') report(['spec', 'ports'], 'is empty, but a Service needs at least one port', 'add the port the Service exposes');
        return;
      }
      const names = new Set<string>();
      const numbers = new Set<string>();
      ports.forEach((port, index) => {
        const record = asRecord(port) ?? {};
        const path = ['spec', 'ports', index];
        if (record.name === undefined || record.name === '') {
          if (ports.length > 1) report([...path, 'name'], 'is missing, but a Service with more than one port must name each', 'name the port, e.g. "http"');
        } else {
          const name = String(record.name);
          const problem = dnsLabelProblem(name);
          if (problem) report([...path, 'name'], problem, 'name ports like "http" or "grpc"');
          else if (names.has(name)) report([...path, 'name'], `"${name}" names another port of the Service too`, 'give each port its own name');
          names.add(name);
        }
        const numberProblem = portNumberProblem(Number(record.port));
        if (numberProblem) report([...path, 'port'], numberProblem, 'use a port from 1 to 65535');
        const key = `${record.port}/${record.protocol ?? 'TCP'}`;
        if (numbers.has(key)) report([...path, 'port'], `${key} is exposed twice`, 'expose each port and protocol once');
        numbers.add(key);
        if (record.targetPort !== undefined) {
          const problem = typeof record.targetPort === 'number' ? portNumberProblem(record.targetPort) : portNameProblem(String(record.targetPort));
          if (problem) report([...path, 'targetPort'], problem, 'name a container port or give its number');
        }
        if (record.nodePort !== undefined && record.nodePort !== 0) {
          if (type !== 'NodePort' && type !== 'LoadBalancer') report([...path, 'nodePort'], `is set on a ${type} Service`, 'remove nodePort, or use type NodePort or LoadBalancer');
          else if (portNumberProblem(Number(record.nodePort))) report([...path, 'nodePort'], `${record.nodePort} is not a port number`, 'use a port in the cluster\'s node port range, usually 30000–32767');
        }
      });
    },
  },
  {
    id: 'ingress-paths',
    severity: 'error',
    reason: 'the API server rejects an Exact or Prefix path that does not start with "/" or holds "//", "/./", "/../" or an encoded "/"',
    fix: 'write paths like "/" or "/api"',
    kinds: ['Ingress'],
    check(object, report) {
      asArray(object.spec?.rules).forEach((rule, ruleIndex) => {
        asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((entry, pathIndex) => {
          const record = asRecord(entry) ?? {};
          const at = ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'path'];
          const path = record.path;
          if (path === undefined || path === '') {
            if (record.pathType === 'Exact' || record.pathType === 'Prefix') report(at, `is missing, but pathType ${record.pathType} needs one`, 'set a path such as "/"');
            return;
          }
          if (!String(path).startsWith('/')) {
            report(at, `"${path}" does not start with "/"`, `write it as "/${path}"`);
            return;
          }
          if (record.pathType === 'Exact' || record.pathType === 'Prefix') {
            const bad = ['//', '/./', '/../', '%2f', '%2F'].find((sequence) => String(path).includes(sequence)) ?? ['/..', '/.'].find((ending) => String(path).endsWith(ending));
            if (bad) report(at, `"${path}" contains "${bad}", which a ${record.pathType} path must not`, 'write the path without it');
          }
        });
      });
    },
  },
  {
    id: 'ingress-backends',
    severity: 'error',
    reason: 'the API server rejects an Ingress with neither rules nor a default backend, and a backend without exactly one service or resource, or a service port without exactly one name or number',
    fix: 'point each path at a service with a port name or number',
    kinds: ['Ingress'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      if (asArray(spec.rules).length === 0 && spec.defaultBackend === undefined) report(['spec'], 'has neither rules nor a defaultBackend', 'add a rule for each host');
      if (spec.defaultBackend !== undefined) checkBackend(asRecord(spec.defaultBackend) ?? {}, ['spec', 'defaultBackend'], report);
      asArray(spec.rules).forEach((rule, ruleIndex) => {
        asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((entry, pathIndex) => {
          checkBackend(asRecord(asRecord(entry)?.backend) ?? {}, ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend'], report);
        });
      });
    },
  },
  {
    id: 'ingress-hosts',
    severity: 'error',
    reason: 'the API server rejects Ingress and TLS hosts that are IP addresses or not lowercase DNS names (a "*." wildcard only as the first label)',
    fix: 'use lowercase host names like "api.example.com" or "*.example.com"',
    kinds: ['Ingress'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      asArray(spec.rules).forEach((rule, index) => {
        const host = asRecord(rule)?.host;
        if (host !== undefined && host !== '') checkHost(String(host), ['spec', 'rules', index, 'host'], report);
      });
      asArray(spec.tls).forEach((tls, index) => {
        asArray(asRecord(tls)?.hosts).forEach((host, hostIndex) => checkHost(String(host), ['spec', 'tls', index, 'hosts', hostIndex], report));
        const secretName = asRecord(tls)?.secretName;
        const problem = typeof secretName === 'string' && secretName.length > 0 ? dnsSubdomainProblem(secretName) : undefined;
        if (problem) report(['spec', 'tls', index, 'secretName'], problem, 'name the TLS Secret like "example-com-tls"');
      });
    },
  },
  {
    id: 'data-keys',
    severity: 'error',
    reason: 'the API server rejects ConfigMap and Secret keys with characters other than letters, digits, "-", "_" and ".", and a key in both data and binaryData',
    fix: 'rename the key, e.g. "LOG_LEVEL" or "config.yaml"',
    kinds: ['ConfigMap', 'Secret'],
    check(object, report) {
      const bags = object.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
      for (const bag of bags) {
        for (const key of Object.keys(asRecord(object[bag]) ?? {})) {
          const problem = dataKeyProblem(key);
          if (problem) report([bag, key], problem, 'rename it, e.g. "LOG_LEVEL" or "config.yaml"');
        }
      }
      if (object.kind === 'ConfigMap') {
        for (const key of Object.keys(asRecord(object.binaryData) ?? {})) {
          if (asRecord(object.data)?.[key] !== undefined) report(['binaryData', key], 'is also a key of data', 'keep the key in one of data and binaryData');
        }
      }
    },
  },
  {
    id: 'data-size',
    severity: 'error',
    reason: 'the API server rejects a ConfigMap or Secret whose values add up to more than 1 MiB',
    fix: 'move large files into the image or a volume',
    kinds: ['ConfigMap', 'Secret'],
    check(object, report) {
      let bytes = 0;
      for (const value of Object.values(asRecord(object.data) ?? {})) bytes += object.kind === 'Secret' ? base64Bytes(value) : Buffer.byteLength(String(value));
      for (const value of Object.values(asRecord(object.binaryData) ?? {})) bytes += base64Bytes(value);
      for (const value of Object.values(asRecord(object.stringData) ?? {})) bytes += Buffer.byteLength(String(value));
      if (bytes > MAX_DATA_BYTES) report([object.kind === 'ConfigMap' && !object.data ? 'binaryData' : 'data'], `holds ${bytes} bytes, more than the 1 MiB (${MAX_DATA_BYTES} bytes) a ${object.kind} can`, 'move large files into the image or a volume');
    },
  },
  {
    id: 'hpa-replicas',
    severity: 'error',
    reason: 'the API server rejects an autoscaler whose minReplicas is below 1 or above maxReplicas, or whose targets are not positive',
    fix: 'set 1 ≤ minReplicas ≤ maxReplicas and positive utilization targets',
    kinds: ['HorizontalPodAutoscaler'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      if (min < 1) report(['spec', 'minReplicas'], `is ${min}, below 1`, 'use 1 or more (2 keeps the service up during node drains)');
      if (typeof spec.maxReplicas === 'number') {
        if (spec.maxReplicas < 1) report(['spec', 'maxReplicas'], `is ${spec.maxReplicas}, below 1`, 'use 1 or more');
        else if (spec.maxReplicas < min) report(['spec', 'maxReplicas'], `is ${spec.maxReplicas}, below minReplicas ${min}`, `set maxReplicas to ${min} or more`);
      }
      asArray(spec.metrics).forEach((metric, index) => {
        const record = asRecord(metric) ?? {};
        const path = ['spec', 'metrics', index];
        const source = METRIC_SOURCES[String(record.type)];
        if (!source) {
          report([...path, 'type'], `${JSON.stringify(record.type)} is not a metric type`, `use one of ${Object.keys(METRIC_SOURCES).join(', ')}`);
          return;
        }
        const present = Object.values(METRIC_SOURCES).filter((field) => record[field] !== undefined);
        if (present.length !== 1 || present[0] !== source) report(path, `has type ${record.type} but sets ${present.join(', ') || 'no source'}`, `set exactly the ${source} field`);
        const target = asRecord(asRecord(record[source])?.target);
        if (!target) return;
        const targetPath = [...path, source, 'target'];
        const field = TARGET_FIELDS[String(target.type)];
        if (!field) report([...targetPath, 'type'], `${JSON.stringify(target.type)} is not a target type`, 'use Utilization, Value or AverageValue');
        else if (target[field] === undefined) report([...targetPath, field], `is missing, but the target type is ${target.type}`, `set ${field}`);
        else if ((field === 'averageUtilization' ? Number(target[field]) : quantityValue(target[field]) ?? 0) <= 0) report([...targetPath, field], `is ${target[field]}, but must be above 0`, 'use a positive target');
        if ((source === 'resource' || source === 'containerResource') && target.type === 'Value') report([...targetPath, 'type'], 'is Value, but a resource metric takes Utilization or AverageValue', 'use Utilization');
      });
    },
  },
  {
    id: 'hpa-behavior',
    severity: 'error',
    reason: 'the API server rejects scaling rules without policies, stabilization windows over an hour, policy periods outside 1–1800 s and non-positive policy values',
    fix: 'keep stabilizationWindowSeconds within 0–3600 and give each rule policies with periodSeconds 1–1800 and a positive value',
    kinds: ['HorizontalPodAutoscaler'],
    check(object, report) {
      const behavior = asRecord(object.spec?.behavior);
      if (!behavior) return;
      for (const direction of ['scaleUp', 'scaleDown']) {
        const rules = asRecord(behavior[direction]);
        if (!rules) continue;
        const path = ['spec', 'behavior', direction];
        const window = rules.stabilizationWindowSeconds;
        if (typeof window === 'number' && (window < 0 || window > 3600)) report([...path, 'stabilizationWindowSeconds'], `is ${window}, outside 0–3600`, 'use at most 3600 (an hour)');
        if (rules.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(rules.selectPolicy)) report([...path, 'selectPolicy'], `${JSON.stringify(rules.selectPolicy)} is not Max, Min or Disabled`, 'use Max, Min or Disabled');
        const policies = asArray(rules.policies);
        if (policies.length === 0) report([...path, 'policies'], 'is empty, but a scaling rule needs at least one policy', 'add a policy such as { type: Percent, value: 50, periodSeconds: 60 }');
        policies.forEach((policy, index) => {
          const record = asRecord(policy) ?? {};
          if (record.type !== 'Pods' && record.type !== 'Percent') report([...path, 'policies', index, 'type'], `${JSON.stringify(record.type)} is not Pods or Percent`, 'use Pods or Percent');
          if (!(Number(record.value) > 0)) report([...path, 'policies', index, 'value'], `is ${record.value}, but must be above 0`, 'use a positive value');
          if (!(Number(record.periodSeconds) >= 1 && Number(record.periodSeconds) <= 1800)) report([...path, 'policies', index, 'periodSeconds'], `is ${record.periodSeconds}, outside 1–1800`, 'use a period of at most 1800 seconds');
        });
      }
    },
  },
  {
    id: 'pdb-budget',
    severity: 'error',
    reason: 'a PodDisruptionBudget must set exactly one of minAvailable and maxUnavailable (the API server rejects both), each a count of 0 or more or a percentage up to 100 %',
    fix: 'set maxUnavailable: 1 (or minAvailable), not both',
    kinds: ['PodDisruptionBudget'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      const set = ['minAvailable', 'maxUnavailable'].filter((field) => spec[field] !== undefined);
      if (set.length === 2) report(['spec', 'maxUnavailable'], 'is set together with minAvailable', 'keep one of them');
      if (set.length === 0) report(['spec'], 'sets neither minAvailable nor maxUnavailable, so the budget protects nothing', 'set maxUnavailable: 1');
      for (const field of set) {
        const amount = intOrPercent(spec[field]);
        if (amount === undefined) report(['spec', field], `${JSON.stringify(spec[field])} is not a count of 0 or more or a percentage like "50%"`, 'use e.g. 1 or "50%"');
        else if (typeof spec[field] === 'string' && amount > 100) report(['spec', field], `is ${spec[field]}, more than 100%`, 'use at most "100%"');
      }
    },
  },
  {
    id: 'networkpolicy-ports',
    severity: 'error',
    reason: 'the API server rejects NetworkPolicy ports that are not port numbers or names, and an endPort without a numeric port or below it',
    fix: 'use a port number from 1 to 65535 or a port name, and endPort only after a numeric port',
    kinds: ['NetworkPolicy'],
    check(object, report) {
      for (const [rulePath] of networkPolicyRules(object)) {
        asArray(valueAt(object, [...rulePath, 'ports'])).forEach((port, index) => {
          const record = asRecord(port) ?? {};
          const path = [...rulePath, 'ports', index];
          if (record.port !== undefined) {
            const problem = typeof record.port === 'number' ? portNumberProblem(record.port) : portNameProblem(String(record.port));
            if (problem) report([...path, 'port'], problem, 'use a port number or a container port name');
          }
          if (record.endPort !== undefined) {
            if (typeof record.port !== 'number') report([...path, 'endPort'], 'is set without a numeric port', 'set port to the first number of the range');
            else if (Number(record.endPort) < record.port || portNumberProblem(Number(record.endPort))) report([...path, 'endPort'], `${record.endPort} is not a port from ${record.port} to 65535`, 'set endPort to the last port of the range');
          }
        });
      }
    },
  },
  {
    id: 'networkpolicy-peers',
    severity: 'error',
    reason: 'the API server rejects a NetworkPolicy peer with no selector or ipBlock, an ipBlock together with selectors, invalid CIDRs, and policy types other than Ingress and Egress',
    fix: 'give each peer a podSelector and/or namespaceSelector, or an ipBlock alone with a CIDR like "10.0.0.0/16"',
    kinds: ['NetworkPolicy'],
    check(object, report) {
      asArray(object.spec?.policyTypes).forEach((type, index) => {
        if (type !== 'Ingress' && type !== 'Egress') report(['spec', 'policyTypes', index], `${JSON.stringify(type)} is not Ingress or Egress`, 'use Ingress or Egress');
      });
      for (const [rulePath, peersField] of networkPolicyRules(object)) {
        asArray(valueAt(object, [...rulePath, peersField])).forEach((peer, index) => {
          const record = asRecord(peer) ?? {};
          const path = [...rulePath, peersField, index];
          const selectors = ['podSelector', 'namespaceSelector'].filter((field) => record[field] !== undefined);
          const ipBlock = asRecord(record.ipBlock);
          if (!ipBlock && selectors.length === 0) report(path, 'has no podSelector, namespaceSelector or ipBlock', 'select the peer pods, namespaces or network');
          if (ipBlock && selectors.length > 0) report([...path, 'ipBlock'], `is set together with ${selectors.join(' and ')}`, 'put the ipBlock in a peer of its own');
          if (!ipBlock) return;
          const cidr = String(ipBlock.cidr ?? '');
          const problem = cidrProblem(cidr);
          if (problem) report([...path, 'ipBlock', 'cidr'], problem, 'write it like "10.0.0.0/16"');
          asArray(ipBlock.except).forEach((except, exceptIndex) => {
            const exceptProblem = cidrProblem(String(except)) ?? (problem ? undefined : containmentProblem(cidr, String(except)));
            if (exceptProblem) report([...path, 'ipBlock', 'except', exceptIndex], exceptProblem, `use a CIDR inside ${cidr}`);
          });
        });
      }
    },
  },
  {
    id: 'topology-spread',
    severity: 'error',
    reason: 'the API server rejects a topology spread constraint with maxSkew below 1, an invalid topologyKey, a key both in matchLabelKeys and the selector, or a duplicate key and mode',
    fix: 'use maxSkew 1 or more, a node label as topologyKey, and each key and mode once',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      const seen = new Set<string>();
      asArray(template.spec.topologySpreadConstraints).forEach((constraint, index) => {
        const record = asRecord(constraint) ?? {};
        const path = [...template.path, 'spec', 'topologySpreadConstraints', index];
        if (!(Number(record.maxSkew) >= 1)) report([...path, 'maxSkew'], `is ${record.maxSkew}, below 1`, 'use 1');
        const keyProblem = qualifiedNameProblem(String(record.topologyKey ?? ''));
        if (keyProblem) report([...path, 'topologyKey'], keyProblem, 'use a node label such as "kubernetes.io/hostname"');
        const pair = `${record.topologyKey}|${record.whenUnsatisfiable}`;
        if (seen.has(pair)) report(path, `repeats topologyKey ${record.topologyKey} with ${record.whenUnsatisfiable}`, 'keep one constraint per key and mode');
        seen.add(pair);
        if (record.minDomains !== undefined && (record.whenUnsatisfiable !== 'DoNotSchedule' || !(Number(record.minDomains) >= 1))) {
          report([...path, 'minDomains'], 'is only allowed as 1 or more with whenUnsatisfiable: DoNotSchedule', 'remove minDomains or use DoNotSchedule');
        }
        const selected = asStringMap(asRecord(record.labelSelector)?.matchLabels);
        asArray(record.matchLabelKeys).forEach((key, keyIndex) => {
          if (Object.prototype.hasOwnProperty.call(selected, String(key))) report([...path, 'matchLabelKeys', keyIndex], `"${key}" is also in labelSelector`, 'keep the key in one of them');
          else if (!record.labelSelector) report([...path, 'matchLabelKeys', keyIndex], 'is set without a labelSelector', 'add a labelSelector');
        });
      });
    },
  },
]);

/** Ids of the API-server rules. */
export type ApiServerRuleId = (typeof API_SERVER_RULES)[number]['id'];

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
const MAX_DATA_BYTES = 1024 * 1024;
const ANNOTATION_BYTES = 256 * 1024;
const METRIC_SOURCES: Readonly<Record<string, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};
const TARGET_FIELDS: Readonly<Record<string, string>> = { Utilization: 'averageUtilization', Value: 'value', AverageValue: 'averageValue' };

function nameProblem(kind: string, name: string): string | undefined {
  switch (kind) {
    case 'Service':
      return serviceNameProblem(name);
    case 'Namespace':
      return dnsLabelProblem(name);
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      // RBAC names are path segments: "system:controller" is fine.
      return name === '.' || name === '..' || /[/%]/.test(name) ? `"${name}" is not a path segment (no "/", "%", "." or "..")` : undefined;
    case 'CronJob':
      // Its Jobs are named <cronjob>-<11 digits>, which must fit 63 characters.
      return dnsSubdomainProblem(name) ?? (name.length > 52 ? `is ${name.length} characters long, more than the 52 a CronJob name allows` : undefined);
    default:
      return dnsSubdomainProblem(name);
  }
}

function suggestName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'app';
}

/** A label key of at most 63 characters that is certainly valid; anything else gets the full check. */
const SHORT_VALID_LABEL_KEY = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALID_LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkLabels(labels: unknown, path: ObjectPath, report: Report): void {
  const record = asRecord(labels);
  if (!record) return;
  // Every object carries several labels: test the common, valid case with one expression each.
  for (const key in record) {
    const value = record[key];
    if (key.length <= 63 && SHORT_VALID_LABEL_KEY.test(key) && typeof value === 'string' && value.length <= 63 && VALID_LABEL_VALUE.test(value)) continue;
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report([...path, key], `the key ${keyProblem}`, 'use a key like "app.kubernetes.io/name"');
    const valueProblem = labelValueProblem(String(value ?? ''));
    if (valueProblem) report([...path, key], `the value ${valueProblem}`, 'shorten the value or move it to an annotation');
  }
}

function checkAnnotations(annotations: unknown, path: ObjectPath, report: Report): void {
  const record = asRecord(annotations);
  if (!record) return;
  let characters = 0;
  for (const key in record) {
    // The API server lowercases annotation keys before checking them.
    if (!(key.length <= 63 && SHORT_VALID_LABEL_KEY.test(key.toLowerCase()))) {
      const problem = qualifiedNameProblem(key.toLowerCase());
      if (problem) report([...path, key], `the key ${problem}`, 'use a key like "example.com/note"');
    }
    characters += key.length + String(record[key] ?? '').length;
  }
  // A UTF-8 character takes at most 3 bytes per UTF-16 unit: count bytes only when it could matter.
  if (characters * 3 <= ANNOTATION_BYTES) return;
  const bytes = Object.entries(record).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(String(value ?? '')), 0);
  if (bytes > ANNOTATION_BYTES) report(path, `hold ${bytes} bytes, more than the 256 KiB an object's annotations may`, 'keep large data in a ConfigMap');
}

function checkSelector(selector: unknown, path: ObjectPath, report: Report): void {
  const record = asRecord(selector);
  if (!record) return;
  checkLabels(record.matchLabels, [...path, 'matchLabels'], report);
  asArray(record.matchExpressions).forEach((expression, index) => {
    const entry = asRecord(expression) ?? {};
    const at = [...path, 'matchExpressions', index];
    const keyProblem = qualifiedNameProblem(String(entry.key ?? ''));
    if (keyProblem) report([...at, 'key'], `the key ${keyProblem}`, 'use a label key like "app.kubernetes.io/name"');
    const values = asArray(entry.values);
    if ((entry.operator === 'In' || entry.operator === 'NotIn') && values.length === 0) report([...at, 'values'], `is empty, but ${entry.operator} needs values`, 'list the label values');
    else if ((entry.operator === 'Exists' || entry.operator === 'DoesNotExist') && values.length > 0) report([...at, 'values'], `is set, but ${entry.operator} takes no values`, 'remove the values');
    else if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(entry.operator)) report([...at, 'operator'], `${JSON.stringify(entry.operator)} is not In, NotIn, Exists or DoesNotExist`, 'use one of In, NotIn, Exists and DoesNotExist');
    values.forEach((value, valueIndex) => {
      const problem = labelValueProblem(String(value));
      if (problem) report([...at, 'values', valueIndex], problem, 'use a label value');
    });
  });
}

/** The LabelSelectors of an object, with their paths. */
function labelSelectors(object: KubeObject): [ObjectPath, unknown][] {
  const selectors: [ObjectPath, unknown][] = [];
  const kind = kindOf(object);
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'PodDisruptionBudget'].includes(kind)) selectors.push([['spec', 'selector'], object.spec?.selector]);
  if (kind === 'NetworkPolicy') {
    selectors.push([['spec', 'podSelector'], object.spec?.podSelector]);
    for (const [rulePath, peersField] of networkPolicyRules(object)) {
      asArray(valueAt(object, [...rulePath, peersField])).forEach((peer, index) => {
        for (const field of ['podSelector', 'namespaceSelector']) selectors.push([[...rulePath, peersField, index, field], asRecord(peer)?.[field]]);
      });
    }
  }
  const template = podTemplateOf(object);
  if (template) {
    asArray(template.spec.topologySpreadConstraints).forEach((constraint, index) => {
      selectors.push([[...template.path, 'spec', 'topologySpreadConstraints', index, 'labelSelector'], asRecord(constraint)?.labelSelector]);
    });
  }
  return selectors;
}

/** Each ingress and egress rule of a NetworkPolicy, with the field holding its peers. */
function networkPolicyRules(object: KubeObject): [ObjectPath, 'from' | 'to'][] {
  return [
    ...asArray(object.spec?.ingress).map((_, index): [ObjectPath, 'from'] => [['spec', 'ingress', index], 'from']),
    ...asArray(object.spec?.egress).map((_, index): [ObjectPath, 'to'] => [['spec', 'egress', index], 'to']),
  ];
}

function checkHandler(probe: Record<string, any>, handlers: readonly string[], path: ObjectPath, report: Report): void {
  const present = handlers.filter((handler) => probe[handler] !== undefined);
  if (present.length !== 1) {
    report(path, present.length === 0 ? 'has no handler' : `has ${present.length} handlers (${present.join(', ')})`, `use exactly one of ${handlers.join(', ')}`);
  }
  if (probe.exec !== undefined && asArray(asRecord(probe.exec)?.command).length === 0) report([...path, 'exec', 'command'], 'is empty', 'give the command to run, e.g. ["sleep", "10"]');
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = asRecord(probe[handler])?.port;
    if (port === undefined) continue;
    const problem = typeof port === 'number' ? portNumberProblem(port) : handler === 'grpc' ? `${JSON.stringify(port)} is not a port number` : portNameProblem(String(port));
    if (problem) report([...path, handler, 'port'], problem, 'use a container port name or number');
  }
}

function checkBackend(backend: Record<string, any>, path: ObjectPath, report: Report): void {
  const present = ['service', 'resource'].filter((field) => backend[field] !== undefined);
  if (present.length !== 1) {
    report(path, present.length === 0 ? 'names neither a service nor a resource' : 'names both a service and a resource', 'point it at one service');
    return;
  }
  const service = asRecord(backend.service);
  if (!service) return;
  const nameProblemText = serviceNameProblem(String(service.name ?? ''));
  if (nameProblemText) report([...path, 'service', 'name'], nameProblemText, 'name the Service the traffic goes to');
  const port = asRecord(service.port) ?? {};
  const ways = ['name', 'number'].filter((field) => port[field] !== undefined && port[field] !== '' && port[field] !== 0);
  if (ways.length !== 1) {
    report([...path, 'service', 'port'], ways.length === 0 ? 'names no port' : 'has both a name and a number', 'give the Service port by name or by number');
    return;
  }
  const problem = ways[0] === 'name' ? portNameProblem(String(port.name)) : portNumberProblem(Number(port.number));
  if (problem) report([...path, 'service', 'port', ways[0]], problem, 'use the Service port\'s name or number');
}

function checkHost(host: string, path: ObjectPath, report: Report): void {
  if (isIP(host)) {
    report(path, `"${host}" is an IP address, not a host name`, 'use a DNS name, or leave host out to match every host');
    return;
  }
  const problem = hostProblem(host);
  if (problem) report(path, problem, 'use a lowercase host such as "api.example.com"');
}

function valueAt(object: KubeObject, path: ObjectPath): unknown {
  let current: unknown = object;
  for (const key of path) current = Array.isArray(current) ? current[key as number] : asRecord(current)?.[key as string];
  return current;
}

/** A count of 0 or more, or a percentage like "25%", as a number; undefined when it is neither. */
function intOrPercent(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^[0-9]+%$/.test(value)) return Number(value.slice(0, -1));
  return undefined;
}

function base64Bytes(value: unknown): number {
  const text = String(value ?? '').replace(/\s/g, '');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

function cidrProblem(cidr: string): string | undefined {
  const [address, prefix, extra] = cidr.split('/');
  const family = isIP(address ?? '');
  const bits = family === 4 ? 32 : 128;
  if (extra !== undefined || family === 0 || prefix === undefined || !/^[0-9]+$/.test(prefix) || Number(prefix) > bits) return `"${cidr}" is not a CIDR`;
  return undefined;
}

/** An `except` entry must lie inside the block (checked for IPv4, the common case). */
function containmentProblem(cidr: string, except: string): string | undefined {
  const [outer, outerPrefix] = cidr.split('/');
  const [inner, innerPrefix] = except.split('/');
  if (isIP(outer) !== 4 || isIP(inner) !== 4) return undefined;
  const toNumber = (address: string) => address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const outerBits = Number(outerPrefix);
  const network = (address: string) => Math.floor(toNumber(address) / 2 ** (32 - outerBits));
  const inside = Number(innerPrefix) > outerBits && network(inner) === network(outer);
  return inside ? undefined : `"${except}" is not strictly inside ${cidr}`;
}
