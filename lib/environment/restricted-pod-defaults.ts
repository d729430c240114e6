import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { DEFAULT_RUN_AS_ID, seccompPatches } from '../microservice/security';

/** Where each kind of cdk8s-plus-27 workload keeps its pod spec, as a JSON pointer. */
const POD_SPEC: Readonly<Record<string, string>> = {
  Pod: '/spec',
  Deployment: '/spec/template/spec',
  StatefulSet: '/spec/template/spec',
  DaemonSet: '/spec/template/spec',
  Job: '/spec/template/spec',
  CronJob: '/spec/jobTemplate/spec/template/spec',
};

/**
 * Gives a cdk8s-plus-27 workload shipshape's restricted pod defaults where it leaves them unset, so that
 * it passes the same policy gate as a service: the `RuntimeDefault` seccomp profile on the pod and every
 * container (cdk8s-plus-27 has no property for it), all capabilities dropped for containers that name
 * none, and uid, gid and fsGroup 10001 when neither the pod nor a container sets them. cdk8s-plus's own
 * defaults already cover the rest (non-root, read-only root filesystem, no privilege escalation,
 * no service-account token).
 */
export function applyRestrictedPodDefaults(workload: kplus.AbstractPod): void {
  const object = ApiObject.of(workload);
  const podSpec = POD_SPEC[object.kind];
  if (!podSpec) return;
  const patches: JsonPatch[] = [...seccompPatches(podSpec, 0)];
  const lists = [['containers', workload.containers], ['initContainers', workload.initContainers]] as const;
  for (const [list, containers] of lists) {
    containers.forEach((container, index) => {
      const path = `${podSpec}/${list}/${index}/securityContext`;
      patches.push(JsonPatch.add(`${path}/seccompProfile`, { type: 'RuntimeDefault' }));
      if (container.securityContext.capabilities === undefined) patches.push(JsonPatch.add(`${path}/capabilities`, { drop: ['ALL'] }));
    });
  }
  const containers = [...workload.containers, ...workload.initContainers];
  const pod = workload.securityContext;
  if (pod.user === undefined && containers.every((container) => container.securityContext.user === undefined)) {
    patches.push(JsonPatch.add(`${podSpec}/securityContext/runAsUser`, DEFAULT_RUN_AS_ID));
  }
  if (pod.group === undefined && containers.every((container) => container.securityContext.group === undefined)) {
    patches.push(JsonPatch.add(`${podSpec}/securityContext/runAsGroup`, DEFAULT_RUN_AS_ID));
  }
  if (pod.fsGroup === undefined) patches.push(JsonPatch.add(`${podSpec}/securityContext/fsGroup`, pod.group ?? DEFAULT_RUN_AS_ID));
  object.addJsonPatch(...patches);
}
