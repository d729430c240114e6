import { App } from 'cdk8s';
import { defineEnvironment, defineService, EncryptionKey, Environment, EnvironmentDefinition, ServiceDefinition } from '../lib';
import { parseReleaseVersions } from '../lib/environment/release-versions';
import { mistake } from './support/mistake';
import { httpService, only, renderEnvironment } from './support/render';

const web = defineService({ ...httpService, name: 'web', ingress: { subdomain: 'www' } });
const base: EnvironmentDefinition = { name: 'staging', domain: 'staging.example.com', services: [web] };
const untyped = (patch: Record<string, unknown>) => ({ ...base, ...patch }) as unknown as EnvironmentDefinition;
const defined = (patch: Record<string, unknown>) => mistake(() => defineEnvironment(untyped(patch)));

describe('defineEnvironment checks its input against a schema, placing a service\'s mistakes in that service', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a string in the list of services', { services: [web, 'api'] }, 'environment staging, field services[1]: expected a service made with defineService, found the string "api"; import the service from services/ and list it, e.g. services: [api, web].'],
    ['an undefined service (a circular import)', { services: [web, undefined] }, 'environment staging, field services[1]: is undefined; check the import of that service file (a circular or misspelt import).'],
    ['services that are not a list', { services: web }, 'environment staging, field services: expected a list of services made with defineService, such as [api, web], found an object'],
    ['a service not made with defineService, with a wrong type', { services: [{ ...httpService, name: 'web', replicas: '2' }] }, 'environment staging, service web, field replicas: expected a replica count from 0 to 1000, found the string "2"; write it as a number, without quotes: 2.'],
    ['a misspelt field', { overide: {} }, 'environment staging, field overide: is not a field of an environment (did you mean overrides?); rename it to overrides.'],
    ['a misspelt override', { overrides: { web: { replica: 3 } } }, 'environment staging, service web, field overrides.web.replica: is not a field of an override (did you mean replicas?); rename it to replicas.'],
    ['an override in quotes', { overrides: { web: { replicas: '3' } } }, 'environment staging, service web, field overrides.web.replicas: expected a replica count from 0 to 1000, found the string "3"; write it as a number, without quotes: 3.'],
    ['an IP address as an override\'s host', { overrides: { web: { ingress: { hosts: ['10.0.0.1'] } } } }, 'environment staging, service web, field overrides.web.ingress.hosts[0]: "10.0.0.1" is an IP address, not a host name; use a DNS name that points at it, such as "api.example.com".'],
    ['a release that is neither a tag nor an image', { overrides: { web: { image: { tga: '1.0.0' } } } }, 'environment staging, service web, field overrides.web.image.tga: is not a field of an image release (did you mean tag?); rename it to tag.'],
    ['a domain with a scheme', { domain: 'https://staging.example.com' }, 'environment staging, field domain: "https://staging.example.com" is not a lowercase DNS host name; write the domain alone, without a scheme or path: "staging.example.com".'],
    ['an IP address as domain', { domain: '10.0.0.1' }, 'environment staging, field domain: "10.0.0.1" is an IP address, not a host name'],
    ['a preview domain with a path', { preview: { domain: 'preview.example.com/x' } }, 'environment staging, field preview.domain: "preview.example.com/x" is not a lowercase DNS host name'],
    ['a string for an encryption key', { encryptionKeys: ['team'] }, 'environment staging, field encryptionKeys[0]: expected a key made by EncryptionKey.awsKms(arn), EncryptionKey.rsa(name) or EncryptionKey.aes(name), found the string "team"'],
    ['a key of another kind', { encryptionKeys: [{ type: 'gpg', name: 'team' }] }, 'environment staging, field encryptionKeys[0]: expected a key made by EncryptionKey.awsKms(arn), EncryptionKey.rsa(name) or EncryptionKey.aes(name), found an object'],
    ['an extend hook that is no function', { extend: 'nightly' }, 'environment staging, field extend: expected a function (chart, services) => { … }, found the string "nightly"'],
    ['a lowered severity that is neither warning nor off', { policy: { severities: { 'read-only-root-fs': 'info' } } }, 'environment staging, field policy.severities.read-only-root-fs: expected one of "warning", "off", found the string "info"'],
    ['a missing domain', { domain: undefined }, 'environment staging, field domain: is missing; add it: a DNS domain such as "staging.example.com".'],
  ])('%s', (_, patch, expected) => {
    expect(defined(patch)).toContain(expected);
  });

  test('the Environment chart checks a definition that did not come from defineEnvironment', () => {
    expect(mistake(() => new Environment(new App(), untyped({ ingres: {} })))).toBe('environment staging, field ingres: is not a field of an environment (did you mean ingress?); rename it to ingress.');
  });

  test('a misspelt field does not type-check either', () => {
    // @ts-expect-error: excess property checks are on, so a misspelt field does not compile
    expect(() => defineEnvironment({ ...base, overide: {} })).toThrow('did you mean overrides?');
    // @ts-expect-error: in an override too
    expect(() => defineEnvironment({ ...base, overrides: { web: { replica: 3 } } })).toThrow('did you mean replicas?');
  });
});

describe('what the schema keeps working', () => {
  test('encryption keys, the extend function, and what the CLI adds (secrets, releases)', () => {
    let extended = false;
    const definition = defineEnvironment({ ...base, encryptionKeys: [EncryptionKey.aes('team'), EncryptionKey.rsa('ci'), EncryptionKey.awsKms('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')], extend: () => { extended = true; } });
    const objects = renderEnvironment({ ...definition, releases: { web: '1.5.0' } });
    expect(extended).toBe(true);
    expect(only(objects, 'Deployment', 'web').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.5.0');
  });

  test('a service definition need not come from defineService', () => {
    const plain: ServiceDefinition = { ...httpService, name: 'plain' };
    expect(only(renderEnvironment({ ...base, services: [plain] }), 'Deployment').metadata.name).toBe('plain');
  });
});

describe('versions.json is checked against a schema too', () => {
  test.each<[string, string, string]>([
    ['a list', '["2.15.0"]', 'field environments/staging/versions.json: is not a JSON object of service name to version; write it like {"api": "2.15.0"}.'],
    ['a version that is a number', '{"api": 2.15}', 'service api, field environments/staging/versions.json: the version of api is 2.15, not a tag or digest; write it like "2.15.0" or "sha256:…".'],
    ['an empty version', '{"api": "2.15.0", "web": " "}', 'service web, field environments/staging/versions.json: the version of web is " ", not a tag or digest'],
  ])('%s', (_, text, expected) => {
    expect(mistake(() => parseReleaseVersions(text, 'environments/staging/versions.json'))).toContain(expected);
  });

  test('and gives the versions', () => {
    expect(parseReleaseVersions('{"api": "2.15.0", "web": "sha256:abc"}', 'versions.json')).toEqual({ api: '2.15.0', web: 'sha256:abc' });
  });
});
