// A module hook (registered by typescript-test-files.js): a `.ts` file imported with `import()` is a CommonJS
// module, so Node.js loads it with `require`, where lib/loader/typescript-loader.js compiles it.
export async function load(url, context, nextLoad) {
  if (/\.ts(\?|$)/.test(url)) return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
