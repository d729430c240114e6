import { join } from 'node:path';
import { synthesizeEnvironments } from '../lib';
import { loadEnvironments } from '../lib/cli/environment-loading';
import { environmentNames, projectAt } from '../lib/cli/project';

// The pattern to copy into your own platform repo: one snapshot per environment and file.
// A change to a service or environment shows up here as a reviewable snapshot diff.
const project = projectAt(join(__dirname, '..'));

describe.each(environmentNames(project))('environment %s', (name) => {
  const [manifests] = synthesizeEnvironments(loadEnvironments(project, [name]));

  test.each([...manifests.files.keys()])('%s matches its snapshot', (file) => {
    expect(manifests.files.get(file)).toMatchSnapshot();
  });
});
