import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath } from '../lib/validation/object-path';
import { readManifestText } from '../lib/validation/manifest-documents';
import type { KubeObject } from '../lib/validation/kube-object';
import { errorsOf, validateObjects } from '../lib/validation/validate-objects';

// Manifests nobody here wrote: the Kubernetes documentation's own examples (kubernetes/website,
// content/<language>/examples/, CC BY 4.0), each file unchanged below a header naming its source.
// The valid ones must pass every rule the cluster would enforce; policy findings are expected (the
// examples run nginx as root, without probes), so only the policy group may report.
const corpus = join(__dirname, 'fixtures', 'real');
const valid = readdirSync(join(corpus, 'valid')).filter((file) => file.endsWith('.yaml')).sort();

/** Files the documentation applies together, so that a Service finds its pods and an autoscaler its target. */
const applications: readonly (readonly string[])[] = [
  ['mysql-configmap.yaml', 'mysql-services.yaml', 'mysql-statefulset.yaml'],
  ['php-apache.yaml', 'hpa-php-apache.yaml'],
  ['frontend-replicaset.yaml', 'hpa-rs.yaml'],
  ['mongo-deployment.yaml', 'mongo-service.yaml'],
  ['run-my-nginx.yaml', 'nginx-svc.yaml'],
  ['cassandra-service.yaml', 'cassandra-statefulset.yaml'],
];
const grouped = new Set(applications.flat());
const sets: readonly (readonly string[])[] = [...applications, ...valid.filter((file) => !grouped.has(file)).map((file) => [file])];

function objectsOf(folder: string, file: string): KubeObject[] {
  const { objects, errors } = readManifestText(readFileSync(join(corpus, folder, file), 'utf8'));
  expect(errors).toEqual([]);
  return objects.map((document) => document.object);
}

/**
 * The Ingress examples route to Services the documentation assumes exist ("service1", "test"): stand-ins
 * without a selector (as a Service with hand-made endpoints has), one per backend, with the port it names.
 */
function assumedServices(objects: readonly KubeObject[]): KubeObject[] {
  const ports = new Map<string, Set<number>>();
  for (const ingress of objects.filter((object) => object.kind === 'Ingress')) {
    for (const rule of (ingress.spec?.rules ?? []) as any[]) {
      for (const path of rule.http?.paths ?? []) {
        const service = path.backend?.service;
        if (service) ports.set(service.name, new Set([...(ports.get(service.name) ?? []), service.port.number]));
      }
    }
  }
  return [...ports].map(([name, numbers]) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { ports: [...numbers].map((port) => ({ name: `port-${port}`, port })) },
  }));
}

function clusterErrors(objects: readonly KubeObject[]): string[] {
  return errorsOf(validateObjects(objects))
    .filter((finding) => finding.rule.group !== 'policy')
    .map((finding) => `${finding.rule.id} ${objects[finding.objectIndex].kind}/${objects[finding.objectIndex].metadata?.name} ${formatPath(finding.path)}: ${finding.problem}`);
}

describe('real-world manifests from the Kubernetes documentation', () => {
  test('the corpus holds at least 30 valid files of every kind the issue names, each with its source and licence', () => {
    expect(valid.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(valid.flatMap((file) => objectsOf('valid', file).map((object) => object.kind)));
    for (const kind of ['Deployment', 'StatefulSet', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'Job', 'CronJob']) expect(kinds).toContain(kind);
    for (const folder of ['valid', 'invalid']) {
      for (const file of readdirSync(join(corpus, folder))) {
        expect(readFileSync(join(corpus, folder, file), 'utf8')).toMatch(/^# Source: https:\/\/github\.com\/kubernetes\/website\/blob\/main\/content\/\S+\.yaml.*\n# Licence: CC BY 4\.0 /);
      }
    }
    // Every group names files that exist, so none is left out silently.
    for (const file of grouped) expect(valid).toContain(file);
  });

  test.each(sets.map((files) => [files.join(' + '), files]))('%s: no schema, API-server or cross-object error', (_, files) => {
    const objects = (files as string[]).flatMap((file) => objectsOf('valid', file));
    expect(clusterErrors([...objects, ...assumedServices(objects)])).toEqual([]);
  });

  test('StatefulSets mount the volumes their volumeClaimTemplates define', () => {
    const statefulSets = valid.flatMap((file) => objectsOf('valid', file)).filter((object) => object.kind === 'StatefulSet' && object.spec?.volumeClaimTemplates);
    expect(statefulSets.map((object) => object.metadata?.name)).toEqual(expect.arrayContaining(['mysql', 'web', 'zk', 'cassandra']));
    for (const object of statefulSets) expect(clusterErrors([object]).filter((error) => error.startsWith('volume-mounts'))).toEqual([]);
    // Without the claim template the same mount is an error: the rule still runs on StatefulSets.
    const withoutClaims = structuredClone(statefulSets.find((object) => object.metadata?.name === 'web')!);
    delete withoutClaims.spec!.volumeClaimTemplates;
    expect(clusterErrors([withoutClaims])).toEqual(['volume-mounts StatefulSet/web spec.template.spec.containers[0].volumeMounts[0].name: mounts the volume "www", which the pod does not define']);
  });

  test('a CronJob of batch/v1beta1, which Kubernetes 1.25 removed, is rejected as a kind 1.27 does not serve', () => {
    expect(clusterErrors(objectsOf('invalid', 'cronjob-batch-v1beta1.yaml'))).toEqual([
      expect.stringMatching(/^served-kind CronJob\/hello apiVersion: .*batch\/v1beta1/),
    ]);
  });

  test.each([
    ['deployment-sidecar.yaml', 'Deployment/myapp spec.template.spec.initContainers[0].restartPolicy'],
    ['job-sidecar.yaml', 'Job/myjob spec.template.spec.initContainers[0].restartPolicy'],
  ])('%s: a sidecar (an init container with restartPolicy: Always) is a field 1.27 does not know', (file, where) => {
    expect(clusterErrors(objectsOf('invalid', file))).toEqual([expect.stringMatching(new RegExp(`^schema-unknown-field ${where.replace(/[.[\]]/g, '\\$&')}: `))]);
  });
});
