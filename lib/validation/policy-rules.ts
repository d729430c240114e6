import { asArray, asRecord, asStringMap, kindOf, KubeObject, namespaceOf } from './kube-object';
import { selectorMatches } from './label-selector';
import type { ObjectPath } from './object-path';
import type { ObjectSet } from './object-set';
import { containersOf, LONG_RUNNING_KINDS, POD_KINDS, PodContainer, podTemplateOf, PodTemplate } from './pod-templates';
import { defineRules, Report } from './rule';

/**
 * Best practice beyond what the API server enforces, modelled on the default
 * checks of kube-score, kube-linter and Polaris. Every violation is an error
 * unless an environment lowers the rule (`policy.severities`) or a service
 * waives it with a written reason (`waivers`).
 */
export const POLICY_RULES = defineRules('policy', [
  {
    id: 'resources-set',
    mirrors: ['kube-score container-resources', 'kube-linter unset-cpu-requirements', 'kube-linter unset-memory-requirements', 'Polaris cpuRequestsMissing', 'Polaris cpuLimitsMissing', 'Polaris memoryRequestsMissing', 'Polaris memoryLimitsMissing'],
    severity: 'error',
    reason: 'without CPU and memory requests the scheduler overpacks nodes, and without limits one container can starve its neighbours',
    fix: 'set resources.requests and resources.limits for cpu and memory',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      const resources = asRecord(entry.container.resources) ?? {};
      for (const bag of ['requests', 'limits']) {
        const missing = ['cpu', 'memory'].filter((resource) => asRecord(resources[bag])?.[resource] === undefined);
        if (missing.length > 0) report([...entry.path, 'resources', bag], `has no ${missing.join(' or ')} ${bag === 'requests' ? 'request' : 'limit'}`, `set resources.${bag}.${missing[0]}`);
      }
    }),
  },
  {
    id: 'image-tag-pinned',
    mirrors: ['kube-score container-image-tag', 'kube-linter latest-tag', 'Polaris tagNotSpecified'],
    severity: 'error',
    reason: 'an image without a tag, or tagged "latest", changes under a running workload, so rollouts and rollbacks are not repeatable',
    fix: 'pin a release tag such as "1.4.2" or a digest',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      const image = String(entry.container.image ?? '');
      if (image.includes('@sha256:')) return;
      const tag = image.lastIndexOf(':') > image.lastIndexOf('/') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
      if (tag === undefined) report([...entry.path, 'image'], `"${image}" has no tag, so it means "latest"`, 'pin a release tag such as "1.4.2" or a digest');
      else if (tag.toLowerCase() === 'latest') report([...entry.path, 'image'], `"${image}" uses the tag "latest"`, 'pin a release tag such as "1.4.2" or a digest');
    }),
  },
  {
    id: 'image-pull-policy',
    mirrors: ['kube-score container-image-pull-policy', 'Polaris pullPolicyNotAlways'],
    severity: 'error',
    reason: 'with imagePullPolicy Always the kubelet checks the registry at every start, so a re-pushed tag never runs stale and every pod proves it may pull the image',
    fix: 'set imagePullPolicy: Always (or pin the image by digest)',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      if (String(entry.container.image ?? '').includes('@sha256:')) return;
      if (entry.container.imagePullPolicy !== 'Always') report([...entry.path, 'imagePullPolicy'], `is ${entry.container.imagePullPolicy ?? 'not set'}, not Always`, 'set imagePullPolicy: Always');
    }),
  },
  {
    id: 'readiness-probe',
    mirrors: ['kube-score pod-probes', 'kube-linter no-readiness-probe', 'Polaris readinessProbeMissing'],
    severity: 'error',
    reason: 'without a readiness probe a pod gets traffic before it can answer, and a rollout cannot tell a broken release from a good one',
    fix: 'add a readinessProbe that checks the app can serve',
    kinds: LONG_RUNNING_KINDS,
    check: eachContainer((entry, report) => {
      if (entry.container.readinessProbe === undefined) report([...entry.path, 'readinessProbe'], 'is missing', 'add a readinessProbe, e.g. an HTTP GET of /readyz');
    }, 'containers'),
  },
  {
    id: 'liveness-probe',
    mirrors: ['kube-score pod-probes', 'kube-linter no-liveness-probe', 'Polaris livenessProbeMissing'],
    severity: 'error',
    reason: 'without a liveness probe a stuck process is never restarted',
    fix: 'add a livenessProbe that only checks the process itself, e.g. a TCP connect',
    kinds: LONG_RUNNING_KINDS,
    check: eachContainer((entry, report) => {
      if (entry.container.livenessProbe === undefined) report([...entry.path, 'livenessProbe'], 'is missing', 'add a livenessProbe, e.g. tcpSocket on the app port');
    }, 'containers'),
  },
  {
    id: 'probes-distinct',
    mirrors: ['kube-score pod-probes-identical'],
    severity: 'error',
    reason: 'a liveness probe that checks what readiness checks restarts every pod at once when a shared dependency is slow',
    fix: 'point liveness at a cheaper check of the process itself (a separate path or a TCP connect)',
    kinds: LONG_RUNNING_KINDS,
    check: eachContainer((entry, report) => {
      const readiness = asRecord(entry.container.readinessProbe);
      const liveness = asRecord(entry.container.livenessProbe);
      if (readiness && liveness && JSON.stringify(handlerOf(readiness)) === JSON.stringify(handlerOf(liveness))) {
        report([...entry.path, 'livenessProbe'], 'checks exactly what the readiness probe checks', 'use a separate liveness path or a TCP check');
      }
    }, 'containers'),
  },
  {
    id: 'probe-path',
    severity: 'error',
    reason: 'an HTTP probe or hook path is the path of a URL, which starts with "/"; one without it relies on each client that sends the request to add the "/"',
    fix: 'write the path with its leading "/", e.g. "/readyz"',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      for (const [path, handler] of handlersOf(entry)) {
        const url = asRecord(handler.httpGet)?.path;
        if (typeof url === 'string' && url.length > 0 && !url.startsWith('/')) report([...path, 'httpGet', 'path'], `"${url}" does not start with "/"`, `write it as "/${url}"`);
      }
    }),
  },
  {
    id: 'empty-command-element',
    severity: 'error',
    reason: 'an empty string in a command is an empty program name or argument: a runtime cannot start an empty program, and an empty argument is most often a variable that was not set',
    fix: 'remove the empty element, or give it its value',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      const commands: [ObjectPath, unknown][] = [[[...entry.path, 'command'], entry.container.command]];
      for (const [path, handler] of handlersOf(entry)) commands.push([[...path, 'exec', 'command'], asRecord(handler.exec)?.command]);
      for (const [path, command] of commands) {
        asArray(command).forEach((element, index) => {
          if (element === '') report([...path, index], 'is an empty string', 'remove it, or give it its value');
        });
      }
    }),
  },
  {
    id: 'run-as-non-root',
    mirrors: ['kube-score container-security-context-user-group-id', 'kube-linter run-as-non-root', 'Polaris runAsRootAllowed'],
    severity: 'error',
    reason: 'a process running as root inside the container is one kernel bug away from root on the node',
    fix: 'set securityContext.runAsNonRoot: true and a non-zero runAsUser',
    kinds: POD_KINDS,
    check: eachContainer((entry, report, template) => {
      if (effective(entry, template, 'runAsNonRoot') !== true) report([...entry.path, 'securityContext', 'runAsNonRoot'], 'is not true for this container or its pod', 'set securityContext.runAsNonRoot: true');
      if (effective(entry, template, 'runAsUser') === 0) report([...entry.path, 'securityContext', 'runAsUser'], 'is 0 (root)', 'run as a non-root user such as 10001');
    }),
  },
  {
    id: 'run-as-high-uid',
    mirrors: ['kube-score container-security-context-user-group-id'],
    severity: 'error',
    reason: 'a user or group id of 10000 or less may be a real user on the node, with its files and privileges',
    fix: 'set securityContext.runAsUser and runAsGroup above 10000, e.g. 10001',
    kinds: POD_KINDS,
    check: eachContainer((entry, report, template) => {
      for (const field of ['runAsUser', 'runAsGroup']) {
        const id = effective(entry, template, field);
        if (id === 0) continue; // run-as-non-root reports root.
        if (typeof id !== 'number' || id <= 10000) report([...entry.path, 'securityContext', field], id === undefined ? 'is not set, so the image decides' : `is ${id}, not above 10000`, `set securityContext.${field}: 10001`);
      }
    }),
  },
  {
    id: 'read-only-root-fs',
    mirrors: ['kube-score container-security-context-readonlyrootfilesystem', 'kube-linter no-read-only-root-fs', 'Polaris notReadOnlyRootFilesystem'],
    severity: 'error',
    reason: 'a writable root filesystem lets an attacker or a bug change the image\'s own files',
    fix: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app must write',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      if (asRecord(entry.container.securityContext)?.readOnlyRootFilesystem !== true) report([...entry.path, 'securityContext', 'readOnlyRootFilesystem'], 'is not true', 'set readOnlyRootFilesystem: true and mount an emptyDir where the app writes');
    }),
  },
  {
    id: 'no-privilege-escalation',
    mirrors: ['kube-linter privilege-escalation-container', 'Polaris privilegeEscalationAllowed'],
    severity: 'error',
    reason: 'unless allowPrivilegeEscalation is false, a setuid binary in the image can gain more privileges than the container started with',
    fix: 'set securityContext.allowPrivilegeEscalation: false',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      if (asRecord(entry.container.securityContext)?.allowPrivilegeEscalation !== false) report([...entry.path, 'securityContext', 'allowPrivilegeEscalation'], 'is not false', 'set allowPrivilegeEscalation: false');
    }),
  },
  {
    id: 'no-privileged',
    mirrors: ['kube-score container-security-context-privileged', 'kube-linter privileged-container', 'Polaris runAsPrivileged'],
    severity: 'error',
    reason: 'a privileged container has every capability and every device of the node',
    fix: 'remove privileged: true',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      if (asRecord(entry.container.securityContext)?.privileged === true) report([...entry.path, 'securityContext', 'privileged'], 'is true', 'remove privileged: true; add only the one capability the app needs');
    }),
  },
  {
    id: 'capabilities-dropped',
    mirrors: ['kube-linter drop-net-raw-capability', 'Polaris dangerousCapabilities', 'Polaris insecureCapabilities', 'Polaris linuxHardening'],
    severity: 'error',
    reason: 'the default Linux capabilities (raw sockets, chown, kill…) are more than an app needs; the restricted pod security profile allows adding back only NET_BIND_SERVICE',
    fix: 'set securityContext.capabilities.drop: [ALL] and add back at most NET_BIND_SERVICE',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      const capabilities = asRecord(asRecord(entry.container.securityContext)?.capabilities) ?? {};
      const path = [...entry.path, 'securityContext', 'capabilities'];
      if (!asArray(capabilities.drop).map(String).some((name) => name.toUpperCase() === 'ALL')) report([...path, 'drop'], 'does not drop ALL', 'set drop: [ALL]');
      asArray(capabilities.add).forEach((name, index) => {
        if (String(name).toUpperCase().replace(/^CAP_/, '') !== 'NET_BIND_SERVICE') report([...path, 'add', index], `adds ${name}`, 'remove it; only NET_BIND_SERVICE may be added back');
      });
    }),
  },
  {
    id: 'seccomp-profile',
    mirrors: ['kube-score container-seccomp-profile', 'Polaris linuxHardening'],
    severity: 'error',
    reason: 'without a seccomp profile a container can make every system call, including the rarely used ones most kernel exploits need',
    fix: 'set securityContext.seccompProfile.type: RuntimeDefault on the pod',
    kinds: POD_KINDS,
    check: eachContainer((entry, report, template) => {
      const type = asRecord(effective(entry, template, 'seccompProfile'))?.type;
      if (type !== 'RuntimeDefault' && type !== 'Localhost') report([...entry.path, 'securityContext', 'seccompProfile'], type ? `is ${type}` : 'is not set for this container or its pod', 'set seccompProfile.type: RuntimeDefault');
    }),
  },
  {
    id: 'no-host-namespaces',
    mirrors: ['kube-linter host-network', 'kube-linter host-pid', 'kube-linter host-ipc', 'Polaris hostNetworkSet', 'Polaris hostPIDSet', 'Polaris hostIPCSet'],
    severity: 'error',
    reason: 'sharing the node\'s network, process or IPC namespace lets a pod see and touch everything else on the node',
    fix: 'remove hostNetwork, hostPID and hostIPC',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (template.spec[field] === true) report([...template.path, 'spec', field], 'is true', `remove ${field}`);
      }
    },
  },
  {
    id: 'no-host-path',
    mirrors: ['kube-linter sensitive-host-mounts', 'Polaris hostPathSet'],
    severity: 'error',
    reason: 'a hostPath volume exposes the node\'s filesystem (and often its container runtime socket) to the pod',
    fix: 'use an emptyDir, a ConfigMap or a PersistentVolumeClaim instead',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      asArray(template.spec.volumes).forEach((volume, index) => {
        const hostPath = asRecord(asRecord(volume)?.hostPath);
        if (hostPath) report([...template.path, 'spec', 'volumes', index, 'hostPath'], `mounts the node's ${hostPath.path ?? 'filesystem'}`, 'use an emptyDir, a ConfigMap or a PersistentVolumeClaim');
      });
    },
  },
  {
    id: 'no-host-port',
    mirrors: ['Polaris hostPortSet'],
    severity: 'error',
    reason: 'a hostPort binds the node\'s own port, so only one such pod fits per node and it bypasses NetworkPolicies on some networks',
    fix: 'remove hostPort and reach the pod through a Service',
    kinds: POD_KINDS,
    check: eachContainer((entry, report) => {
      asArray(entry.container.ports).forEach((port, index) => {
        const hostPort = asRecord(port)?.hostPort;
        if (hostPort !== undefined && hostPort !== 0) report([...entry.path, 'ports', index, 'hostPort'], `binds port ${hostPort} of the node`, 'remove hostPort; use a Service');
      });
    }),
  },
  {
    id: 'no-sa-token-automount',
    mirrors: ['Polaris automountServiceAccountToken'],
    acrossObjects: true,
    severity: 'error',
    reason: 'a mounted service-account token lets anyone who breaks into the pod call the Kubernetes API as it; few apps need it',
    fix: 'set automountServiceAccountToken: false on the pod (or its ServiceAccount)',
    kinds: POD_KINDS,
    check(object, report, objects) {
      const template = podTemplateOf(object)!;
      const explicit = template.spec.automountServiceAccountToken;
      if (explicit === false) return;
      const accountName = String(template.spec.serviceAccountName ?? template.spec.serviceAccount ?? 'default');
      const account = objects.find(namespaceOf(object), '', 'ServiceAccount', accountName);
      if (explicit === undefined && account?.automountServiceAccountToken === false) return;
      report([...template.path, 'spec', 'automountServiceAccountToken'], explicit === true ? 'is true' : `is not set, and the ServiceAccount ${accountName} does not turn it off`, 'set automountServiceAccountToken: false');
    },
  },
  {
    id: 'pdb-for-replicas',
    mirrors: ['kube-score deployment-has-poddisruptionbudget', 'kube-score statefulset-has-poddisruptionbudget', 'Polaris missingPodDisruptionBudget'],
    acrossObjects: true,
    severity: 'error',
    reason: 'without a PodDisruptionBudget a node drain may take every replica down at once',
    fix: 'add a PodDisruptionBudget with maxUnavailable: 1 that selects the pods',
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
    check(object, report, objects) {
      // Polaris wants one for every Deployment, a single replica too; kube-score for workloads of several replicas.
      const several = maxReplicas(object, objects) >= 2;
      if (!several && kindOf(object) !== 'Deployment') return;
      if (objects.selectorsOf('PodDisruptionBudget', object).length === 0) report(['spec', 'template', 'metadata', 'labels'], `are selected by no PodDisruptionBudget${several ? ', though the workload runs several replicas' : ''}`, 'add a PodDisruptionBudget with maxUnavailable: 1 selecting these labels');
    },
  },
  {
    id: 'pdb-allows-eviction',
    mirrors: ['kube-linter pdb-max-unavailable', 'kube-linter pdb-min-available', 'Polaris pdbDisruptionsIsZero'],
    severity: 'error',
    reason: 'a PodDisruptionBudget that allows no disruption blocks every node drain and cluster upgrade',
    fix: 'allow at least one pod to go: maxUnavailable: 1',
    kinds: ['PodDisruptionBudget'],
    check(object, report) {
      const spec = asRecord(object.spec) ?? {};
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') report(['spec', 'maxUnavailable'], `is ${spec.maxUnavailable}, so no pod may ever be evicted`, 'use maxUnavailable: 1');
      if (spec.minAvailable === '100%') report(['spec', 'minAvailable'], 'is 100%, so no pod may ever be evicted', 'use maxUnavailable: 1 instead');
    },
  },
  {
    id: 'spread-across-nodes',
    mirrors: ['Polaris topologySpreadConstraint'],
    acrossObjects: true,
    severity: 'error',
    reason: 'replicas that land on one node all go down with it',
    fix: 'add a topologySpreadConstraint (or a pod anti-affinity) on kubernetes.io/hostname that selects the pods',
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
    check(object, report, objects) {
      if (maxReplicas(object, objects) < 2) return;
      const template = podTemplateOf(object)!;
      // A constraint or term without a selector spreads nothing.
      const selectsPods = (selector: unknown) => selector !== undefined && selectorMatches(selector, template.labels);
      const spread = asArray(template.spec.topologySpreadConstraints).some((constraint) => asRecord(constraint)?.topologyKey === HOSTNAME && selectsPods(asRecord(constraint)?.labelSelector));
      const antiAffinity = asRecord(asRecord(template.spec.affinity)?.podAntiAffinity) ?? {};
      const terms = [
        ...asArray(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution),
        ...asArray(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((term) => asRecord(term)?.podAffinityTerm),
      ];
      const repelled = terms.some((term) => asRecord(term)?.topologyKey === HOSTNAME && selectsPods(asRecord(term)?.labelSelector));
      if (!spread && !repelled) report([...template.path, 'spec', 'topologySpreadConstraints'], 'has no constraint on kubernetes.io/hostname for these pods, so the replicas may share a node', 'add { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: <the pod selector> }');
    },
  },
  {
    id: 'pod-anti-affinity',
    mirrors: ['kube-score deployment-has-host-podantiaffinity', 'kube-score statefulset-has-host-podantiaffinity', 'kube-linter no-anti-affinity'],
    severity: 'error',
    reason: 'replicas the scheduler is not told to keep apart may still share a node when the cluster is full or a node comes back, and go down with it',
    fix: 'add a preferred podAntiAffinity term on kubernetes.io/hostname that selects the pods',
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
    check(object, report) {
      // kube-score checks whenever replicas is not below 2 (left out, an autoscaler may run several).
      const replicas = object.spec?.replicas;
      if (typeof replicas === 'number' && replicas < 2) return;
      const template = podTemplateOf(object)!;
      const antiAffinity = asRecord(asRecord(template.spec.affinity)?.podAntiAffinity) ?? {};
      const terms = [
        ...asArray(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution),
        ...asArray(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution).map((term) => asRecord(term)?.podAffinityTerm),
      ].map((term) => asRecord(term) ?? {});
      const namespace = namespaceOf(object);
      const repels = terms.some((term) => term.topologyKey === HOSTNAME
        && term.labelSelector !== undefined && selectorMatches(term.labelSelector, template.labels)
        // kube-linter: a term that lists namespaces applies to the pod's only if it lists it.
        && (asArray(term.namespaces).length === 0 || asArray(term.namespaces).includes(namespace)));
      if (!repels) report([...template.path, 'spec', 'affinity', 'podAntiAffinity'], 'has no term on kubernetes.io/hostname that selects these pods, so nothing keeps the replicas off one node', 'add preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: kubernetes.io/hostname, labelSelector: <the pod selector> } }]');
    },
  },
  {
    id: 'min-replicas',
    mirrors: ['kube-score deployment-replicas', 'Polaris deploymentMissingReplicas', 'Polaris hpaMinAvailability'],
    acrossObjects: true,
    severity: 'error',
    reason: 'a Deployment with one pod is down whenever that pod restarts, moves or is evicted',
    fix: 'run at least 2 replicas (or an autoscaler with minReplicas: 2)',
    kinds: ['Deployment'],
    check(object, report, objects) {
      // An autoscaler owns the count (kube-score skips such a Deployment, which must leave replicas out): its minimum counts.
      const autoscaler = objects.autoscalerOf(object);
      if (autoscaler) {
        const minimum = Number(autoscaler.spec?.minReplicas ?? 1);
        if (minimum < 2) report(['spec', 'replicas'], `is owned by the HorizontalPodAutoscaler ${autoscaler.metadata?.name}, whose minReplicas is ${minimum}`, 'set the autoscaler\'s minReplicas to 2 or more');
        return;
      }
      const replicas = typeof object.spec?.replicas === 'number' ? object.spec.replicas : undefined;
      if (replicas === undefined || replicas < 2) report(['spec', 'replicas'], replicas === undefined ? 'is not set, so one pod runs' : `is ${replicas}, so the Deployment is down whenever its pod is`, 'set replicas: 2 or more');
    },
  },
  {
    id: 'network-policy-coverage',
    mirrors: ['kube-score pod-networkpolicy', 'kube-linter non-isolated-pod'],
    acrossObjects: true,
    severity: 'error',
    reason: 'a pod that no NetworkPolicy selects for both ingress and egress accepts connections from, and opens them to, anything in the cluster',
    fix: 'select the pods with NetworkPolicies for Ingress and Egress (a namespace-wide default deny does it)',
    kinds: POD_KINDS,
    check(object, report, objects) {
      const covered = new Set<string>();
      for (const policy of objects.selectorsOf('NetworkPolicy', object)) {
        const types = asArray(policy.spec?.policyTypes);
        if (types.length > 0) types.forEach((type) => covered.add(String(type)));
        else {
          covered.add('Ingress');
          if (asArray(policy.spec?.egress).length > 0) covered.add('Egress');
        }
      }
      const missing = ['Ingress', 'Egress'].filter((type) => !covered.has(type));
      const template = podTemplateOf(object)!;
      if (missing.length > 0) report([...template.path, 'metadata', 'labels'], `are selected by no NetworkPolicy for ${missing.join(' or ')}`, 'add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace');
    },
  },
  {
    id: 'network-policy-per-pod',
    mirrors: ['Polaris missingNetworkPolicy'],
    acrossObjects: true,
    severity: 'error',
    reason: 'a pod whose traffic only a namespace-wide policy governs has no rule of its own that a reviewer can read and that shows both directions it may talk in',
    fix: 'give the pods a NetworkPolicy of their own: select them by one of their labels, with ingress and egress rules',
    kinds: POD_KINDS.filter((kind) => kind !== 'PodTemplate'),
    check(object, report, objects) {
      const template = podTemplateOf(object)!;
      const labels = Object.entries(template.labels).filter(([, value]) => readsAsString(value));
      const own = labels.some(([key, value]) => objects.networkPoliciesNaming(namespaceOf(object), key, value).some((policy) => isOwnPolicy(policy, labels)));
      if (!own) report([...template.path, 'metadata', 'labels'], 'are selected by no NetworkPolicy of their own (one whose podSelector.matchLabels names exactly one of these labels, with ingress and egress rules)', 'add a NetworkPolicy selecting one of these labels, with Ingress and Egress rules');
    },
  },
  {
    id: 'no-node-port',
    mirrors: ['kube-score service-type'],
    severity: 'error',
    reason: 'a NodePort Service opens a port on every node, outside the Ingress and its TLS',
    fix: 'use a ClusterIP Service behind the Ingress',
    kinds: ['Service'],
    check(object, report) {
      if (object.spec?.type === 'NodePort') report(['spec', 'type'], 'is NodePort', 'use type ClusterIP and route through the Ingress');
    },
  },
  {
    id: 'ingress-tls',
    mirrors: ['Polaris tlsSettingsMissing'],
    severity: 'error',
    reason: 'a host served without TLS sends cookies and credentials in the clear',
    fix: 'list every host under spec.tls with a certificate Secret',
    kinds: ['Ingress'],
    check(object, report) {
      const tlsHosts = asArray(object.spec?.tls).flatMap((tls) => asArray(asRecord(tls)?.hosts).map(String));
      if (asArray(object.spec?.tls).length === 0) {
        report(['spec', 'tls'], 'is missing, so every host is served over plain HTTP', 'add spec.tls with the hosts and a certificate Secret (e.g. from cert-manager)');
        return;
      }
      // An environment's Ingress lists a host per service, under rules and under tls alike: look exact hosts up,
      // so that 500 services cost 500 lookups rather than 500 × 500 comparisons.
      const exact = new Set(tlsHosts);
      const wildcards = tlsHosts.filter((tlsHost) => tlsHost.startsWith('*.'));
      asArray(object.spec?.rules).forEach((rule, index) => {
        const host = asRecord(rule)?.host;
        if (typeof host === 'string' && host.length > 0 && !exact.has(host) && !wildcards.some((wildcard) => hostCovers(wildcard, host))) {
          report(['spec', 'rules', index, 'host'], `${host} is not listed under spec.tls`, `add ${host} to a spec.tls entry`);
        }
      });
    },
  },
  {
    id: 'pdb-unhealthy-eviction',
    mirrors: ['kube-linter pdb-unhealthy-pod-eviction-policy'],
    severity: 'error',
    reason: 'unless unhealthyPodEvictionPolicy is AlwaysAllow, a pod that is not ready counts against the budget, so one crash-looping pod blocks every node drain',
    fix: 'set unhealthyPodEvictionPolicy: AlwaysAllow',
    kinds: ['PodDisruptionBudget'],
    check(object, report) {
      // kube-linter asks only that the policy is chosen; AlwaysAllow is the one its remediation names.
      if (object.spec?.unhealthyPodEvictionPolicy === undefined) report(['spec', 'unhealthyPodEvictionPolicy'], 'is not set, so a pod that is not ready can block evictions', 'set unhealthyPodEvictionPolicy: AlwaysAllow');
    },
  },
  {
    id: 'priority-class-set',
    mirrors: ['Polaris priorityClassNotSet'],
    severity: 'error',
    reason: 'pods without a PriorityClass all rank the same, so when the cluster runs short a batch job can keep a service that users wait on from being scheduled',
    fix: 'set priorityClassName on the pod (shipshape services: priority)',
    kinds: POD_KINDS,
    check(object, report) {
      const template = podTemplateOf(object)!;
      const name = template.spec.priorityClassName;
      if (typeof name !== 'string' || name.length === 0) report([...template.path, 'spec', 'priorityClassName'], 'is not set', 'name a PriorityClass, e.g. the environment\'s <namespace>-standard');
    },
  },
  {
    id: 'instance-label',
    mirrors: ['Polaris metadataAndInstanceMismatched'],
    severity: 'error',
    reason: 'a workload whose app.kubernetes.io/instance label is not its own name cannot be found from the label, and the tools that read the label take it for another instance',
    fix: 'label the workload app.kubernetes.io/instance: <its metadata.name>',
    kinds: POD_KINDS.filter((kind) => kind !== 'PodTemplate'),
    check(object, report) {
      const instance = asStringMap(object.metadata?.labels)['app.kubernetes.io/instance'];
      const name = object.metadata?.name;
      if (instance !== name) report(['metadata', 'labels', 'app.kubernetes.io/instance'], instance === undefined ? 'is missing' : `is "${instance}", not the name "${name}"`, `set app.kubernetes.io/instance: ${name}`);
    },
  },
  {
    id: 'no-secret-literals',
    mirrors: ['kube-linter env-var-secret', 'Polaris sensitiveContainerEnvVar', 'Polaris sensitiveConfigmapContent'],
    severity: 'error',
    reason: 'a password, token or key written into a manifest ends up in git and in every log of kubectl describe',
    fix: 'keep the value in an encrypted secret store and read it with secretKeyRef',
    kinds: [...POD_KINDS, 'ConfigMap'],
    check(object, report) {
      if (kindOf(object) === 'ConfigMap') {
        for (const [key, value] of Object.entries(asStringMap(object.data))) {
          const problem = secretLiteralProblem(key, String(value));
          if (problem) report(['data', key], problem, 'move it to the service\'s secrets and read it with secretKeyRef');
        }
        return;
      }
      for (const { path, container } of containersOf(podTemplateOf(object)!)) {
        asArray(container.env).forEach((variable, index) => {
          const record = asRecord(variable) ?? {};
          const problem = typeof record.value === 'string' ? secretLiteralProblem(String(record.name), record.value) : undefined;
          if (problem) report([...path, 'env', index, 'value'], problem, 'read it from a Secret with valueFrom.secretKeyRef');
        });
      }
    },
  },
]);

/** Ids of the policy rules: what waivers and severity settings name. */
export type PolicyRuleId = (typeof POLICY_RULES)[number]['id'];

/** What an environment may lower a policy rule to. */
export type LoweredSeverity = 'warning' | 'off';

const HOSTNAME = 'kubernetes.io/hostname';

/** Runs a check on every container of a pod; `containers` only limits it to the regular containers. */
function eachContainer(check: (entry: PodContainer, report: Report, template: PodTemplate) => void, only?: 'containers') {
  return (object: KubeObject, report: Report) => {
    const template = podTemplateOf(object)!;
    for (const entry of containersOf(template)) {
      if (entry.list === 'ephemeralContainers' || (only && entry.list !== only)) continue;
      check(entry, report, template);
    }
  };
}

/** A security setting as it applies to a container: its own, or else its pod's. */
function effective(entry: PodContainer, template: PodTemplate, field: string): unknown {
  return asRecord(entry.container.securityContext)?.[field] ?? asRecord(template.spec.securityContext)?.[field];
}

/** A container's probes and lifecycle hooks, each with its path: what holds an httpGet or an exec handler. */
function handlersOf(entry: PodContainer): [ObjectPath, Record<string, unknown>][] {
  const handlers: [ObjectPath, Record<string, unknown>][] = [];
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const handler = asRecord(entry.container[probe]);
    if (handler) handlers.push([[...entry.path, probe], handler]);
  }
  for (const hook of ['postStart', 'preStop']) {
    const handler = asRecord(asRecord(entry.container.lifecycle)?.[hook]);
    if (handler) handlers.push([[...entry.path, 'lifecycle', hook], handler]);
  }
  return handlers;
}

function handlerOf(probe: Record<string, unknown>): unknown[] {
  return ['exec', 'httpGet', 'tcpSocket', 'grpc'].map((handler) => probe[handler]);
}

/** The most replicas a workload may run: its HPA's maximum, or its replica count (1 when left out). */
function maxReplicas(object: KubeObject, objects: ObjectSet): number {
  const autoscaler = objects.autoscalerOf(object);
  if (autoscaler) return Number(autoscaler.spec?.maxReplicas ?? 1);
  return typeof object.spec?.replicas === 'number' ? object.spec.replicas : 1;
}

/**
 * Polaris's reading of "a NetworkPolicy for this pod": its podSelector.matchLabels names exactly one of the pod's
 * labels with the pod's value (a JSON schema `oneOf` over the labels), and it has ingress and egress rules; any
 * policyTypes it lists include both.
 */
function isOwnPolicy(policy: KubeObject, labels: readonly (readonly [string, string])[]): boolean {
  const spec = asRecord(policy.spec) ?? {};
  const matchLabels = asRecord(asRecord(spec.podSelector)?.matchLabels);
  if (!matchLabels || labels.filter(([key, value]) => matchLabels[key] === value).length !== 1) return false;
  if (asArray(spec.ingress).length === 0 || asArray(spec.egress).length === 0) return false;
  if (spec.policyTypes === undefined) return true;
  const types = asArray(spec.policyTypes).map((type) => String(type).toLowerCase());
  return types.includes('ingress') && types.includes('egress');
}

/**
 * Polaris writes each label value into its schema unquoted, so a value YAML reads as a number, boolean or null
 * (an expiry time, "true") never equals the string the label holds, and cannot be the one label matched.
 */
function readsAsString(value: string): boolean {
  return value !== '' && !YAML_NON_STRING.test(value);
}

/** YAML 1.1 scalars that are not strings: null, booleans, integers, floats. */
const YAML_NON_STRING = /^(~|null|true|false|yes|no|on|off|y|n|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|[-+]?\.inf|\.nan)$/i;

function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1)) && !host.slice(0, -pattern.length + 1).includes('.');
}

/** Names that say "this is a credential" as their last word; PUBLIC_KEY is not one. */
const SECRET_NAME = /(^|[_.-])(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|[A-Z]+_KEY)$/i;
const PUBLIC_NAME = /PUBLIC_?KEY$/i;
/** Values that are credentials whatever they are called. Each starts with a literal, so scanning a 1 MiB value stays linear. */
const SECRET_VALUES: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bsk_live_[0-9A-Za-z]{20,}/, 'a Stripe secret key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/, 'a JSON Web Token'],
  // Starts at "://", not at the scheme, so a long value without one is scanned once.
  [/:\/\/[^/\s:@]+:[^/\s@]+@/, 'a URL with a password'],
];

function secretLiteralProblem(name: string, value: string): string | undefined {
  if (value.trim().length === 0 || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value)) return undefined;
  for (const [pattern, what] of SECRET_VALUES) {
    if (pattern.test(value)) return `holds what looks like ${what}`;
  }
  if (SECRET_NAME.test(name) && !PUBLIC_NAME.test(name)) return `is a literal value for ${name}, which by its name is a credential`;
  return undefined;
}
