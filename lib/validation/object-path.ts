/** Where in an object a problem is: keys and list indexes from the top, e.g. `['spec', 'template', 'spec', 'containers', 0, 'image']`. */
export type ObjectPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `spec.template.spec.containers[0].image`; keys with dots or slashes in brackets: `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: ObjectPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text.length === 0 ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text || '(the object)';
}
