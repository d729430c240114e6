import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestFolderWriter, writeManifestFolder } from '../lib/synth/manifest-folder';
import { scratchFolder } from './support/scratch-folder';

const environment = (name: string, files: Record<string, string>) => ({ environment: name, files: new Map(Object.entries(files)) });

describe('writing the manifests folder', () => {
  let folder: string;
  beforeEach(() => {
    folder = scratchFolder('shipshape-manifests');
    writeManifestFolder(folder, [environment('staging', { 'api.yaml': 'kind: Deployment\n', 'web.yaml': 'kind: Service\n' })], true);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test('replaces each environment folder whole: new files appear, changed files change, files synth no longer makes go', () => {
    writeManifestFolder(folder, [environment('staging', { 'api.yaml': 'kind: Deployment\nreplicas: 3\n', 'worker.yaml': 'kind: Job\n' })], true);
    expect(readdirSync(join(folder, 'staging')).sort()).toEqual(['api.yaml', 'worker.yaml']);
    expect(readFileSync(join(folder, 'staging', 'api.yaml'), 'utf8')).toBe('kind: Deployment\nreplicas: 3\n');
    expect(readdirSync(folder)).toEqual(['staging']);
  });

  test('a staged environment appears only on commit, whole', () => {
    const writer = new ManifestFolderWriter(folder);
    writer.stage(environment('staging', { 'api.yaml': 'kind: Deployment\n', 'web.yaml': 'kind: Service\nchanged: true\n' }));
    expect(readFileSync(join(folder, 'staging', 'web.yaml'), 'utf8')).toBe('kind: Service\n');
    expect(readdirSync(folder).filter((entry) => entry.startsWith('.staging.new-'))).toHaveLength(1);
    writer.commit(true);
    expect(readdirSync(folder)).toEqual(['staging']);
    expect(readFileSync(join(folder, 'staging', 'api.yaml'), 'utf8')).toBe('kind: Deployment\n');
    expect(readFileSync(join(folder, 'staging', 'web.yaml'), 'utf8')).toBe('kind: Service\nchanged: true\n');
  });

  test('a discarded run leaves every folder as it was and no staging folder behind', () => {
    const writer = new ManifestFolderWriter(folder);
    writer.stage(environment('staging', { 'api.yaml': 'kind: Deployment\nbroken: true\n' }));
    writer.stage(environment('production', { 'api.yaml': 'kind: Deployment\n' }));
    writer.discard();
    expect(readdirSync(folder)).toEqual(['staging']);
    expect(readdirSync(join(folder, 'staging')).sort()).toEqual(['api.yaml', 'web.yaml']);
    expect(readFileSync(join(folder, 'staging', 'api.yaml'), 'utf8')).toBe('kind: Deployment\n');
  });

  test('a file edited by hand since the last synth is written again, not kept', () => {
    writeFileSync(join(folder, 'staging', 'api.yaml'), 'kind: Deployment\n# edited by hand\n');
    writeManifestFolder(folder, [environment('staging', { 'api.yaml': 'kind: Deployment\n', 'web.yaml': 'kind: Service\n' })], true);
    expect(readFileSync(join(folder, 'staging', 'api.yaml'), 'utf8')).toBe('kind: Deployment\n');
    expect(existsSync(join(folder, 'staging', 'web.yaml'))).toBe(true);
  });
});
