/**
 * The `yaml` package, loaded on first use rather than at import: every command loads the modules that
 * read YAML with it (through the public surface that definitions import), few of them parse anything,
 * and loading it takes ~35 ms. (cdk8s loads a copy of its own, bundled in its folder.)
 */
export function yamlPackage(): typeof import('yaml') {
  return require('yaml');
}
