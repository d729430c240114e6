import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { ManifestObject } from '../lib/kubernetes/manifest-object';
import { toYaml } from '../lib/synth/manifest-yaml';

// ManifestObject renders plain JSON without cdk8s's resolver; cdk8s's escape hatches must still work.
describe('ManifestObject', () => {
  const configMap = (chart: Chart, id = 'config') =>
    new ManifestObject(chart, id, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'api-config', namespace: 'staging', labels: { 'b.example/x': '2', 'a.example/y': '1' }, annotations: { note: 'kept' } },
      data: { LOG_LEVEL: 'info', EMPTY: undefined },
    });

  test('renders name first, then namespace, labels and annotations (their keys sorted, as cdk8s sorts them), and drops undefined fields', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    expect(JSON.stringify(object.toJson())).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"api-config","namespace":"staging","labels":{"a.example/y":"1","b.example/x":"2"},"annotations":{"note":"kept"}},"data":{"LOG_LEVEL":"info"}}',
    );
  });

  test('its loose JSON keeps undefined fields, and serializes to the same JSON and YAML', () => {
    const object = new ManifestObject(new Chart(new App(), 'staging'), 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'staging' },
      spec: { replicas: undefined, template: { spec: { containers: [{ name: 'api', image: 'api:1', args: undefined }], volumes: [undefined] } } },
    });
    const loose = object.toLooseJson();
    expect(loose.spec.replicas).toBeUndefined();
    expect('replicas' in loose.spec).toBe(true);
    expect(JSON.stringify(loose)).toBe(JSON.stringify(object.toJson()));
    expect(toYaml(loose)).toBe(toYaml(object.toJson()));
  });

  test('tells a ManifestObject from other cdk8s objects, which `instanceof` does not', () => {
    const chart = new Chart(new App(), 'staging');
    const plain = new ApiObject(chart, 'plain', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(ManifestObject.isManifestObject(configMap(chart))).toBe(true);
    expect(ManifestObject.isManifestObject(plain)).toBe(false);
    // cdk8s's ApiObject answers `instanceof` for every subclass with "is it any ApiObject".
    expect(plain instanceof ManifestObject).toBe(true);
  });

  test('gives the same metadata as cdk8s, which resolves every value', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    object.metadata.addFinalizers('example.com/cleanup');
    object.metadata.add('generateName', 'api-');
    expect(object.toJson().metadata).toEqual(ApiObject.prototype.toJson.call(object).metadata);
  });

  test('a label value that is not a string comes out as cdk8s renders it', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    object.metadata.addLabel('tier', 3 as unknown as string);
    expect(object.toJson().metadata).toEqual(ApiObject.prototype.toJson.call(object).metadata);
    expect(object.toJson().metadata.labels.tier).toBe(3);
  });

  test('labels and annotations added later through cdk8s appear', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    object.metadata.addLabel('team', 'payments');
    object.metadata.addAnnotation('owner', 'payments@example.com');
    expect(object.toJson().metadata).toEqual({
      name: 'api-config',
      namespace: 'staging',
      labels: { 'a.example/y': '1', 'b.example/x': '2', team: 'payments' },
      annotations: { note: 'kept', owner: 'payments@example.com' },
    });
  });

  test('a cdk8s Lazy value in the metadata is resolved', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    object.metadata.addAnnotation('rendered-by', Lazy.any({ produce: () => 'a lazy value' }) as unknown as string);
    expect(object.toJson().metadata.annotations).toEqual({ note: 'kept', 'rendered-by': 'a lazy value' });
  });

  test('JSON patches apply', () => {
    const object = configMap(new Chart(new App(), 'staging'));
    object.addJsonPatch(JsonPatch.add('/data/EXTRA', 'patched'));
    expect(object.toJson().data).toEqual({ LOG_LEVEL: 'info', EXTRA: 'patched' });
  });
});
