import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { shipshape } from '../support/shipshape-cli';

// The example platform's deploy pipelines: what CI runs on a merge and on a pull request.
const root = join(__dirname, '..', '..');

const load = (file: string) => parse(readFileSync(join(root, file), 'utf8'), { merge: true });
const runs = (steps: Array<{ run?: string }>) => steps.flatMap((step) => (step.run ? [step.run] : []));
/** Asserts each fragment occurs, in this order, in the commands. */
function expectInOrder(commands: readonly string[], fragments: readonly string[]): void {
  const text = commands.join('\n');
  let from = 0;
  for (const fragment of fragments) {
    const at = text.indexOf(fragment, from);
    if (at < 0) throw new Error(`expected "${fragment}" after position ${from} in:\n${text}`);
    from = at + fragment.length;
  }
}

const pipelineFiles = ['codefresh.yml', '.github/workflows/deploy.yml', '.github/workflows/apply-environment.yml', '.github/workflows/preview.yml', '.github/workflows/preview-cleanup.yml'];

describe('GitHub Actions', () => {
  test('a merge to main runs npm ci, npm test and the drift check, then staging, then production', () => {
    const deploy = load('.github/workflows/deploy.yml');
    expect(deploy.on.push.branches).toEqual(['main']);
    expectInOrder(runs(deploy.jobs.test.steps), ['npm ci', 'npm test', 'npm run check']);
    expect(deploy.jobs.staging).toMatchObject({ needs: 'test', uses: './.github/workflows/apply-environment.yml', with: { environment: 'staging' } });
    expect(deploy.jobs.production).toMatchObject({ needs: 'staging', uses: './.github/workflows/apply-environment.yml', with: { environment: 'production' } });
  });

  test('each environment: verify secrets, Namespace first, render secrets into kubectl, apply, wait for rollouts', () => {
    const apply = load('.github/workflows/apply-environment.yml');
    expectInOrder(runs(apply.jobs.apply.steps), [
      'npx shipshape secrets verify "$ENV"',
      'kubectl apply -f "manifests/$ENV/00-environment.yaml"',
      'npx shipshape secrets render "$ENV" | kubectl apply -f -',
      'kubectl apply -f "manifests/$ENV"',
      'kubectl rollout status deployment',
    ]);
  });

  test('a pull request gets a preview environment, removed when it closes; expired ones are swept', () => {
    const preview = load('.github/workflows/preview.yml');
    expect(preview.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expectInOrder(runs(preview.jobs.preview.steps), ['npm ci', 'npm test', 'npx shipshape diff --ref "origin/$BASE_REF"', 'npx shipshape synth --preview "$BRANCH" --out - | kubectl apply -f -', 'kubectl rollout status']);
    expect(runs(preview.jobs.remove.steps)).toContain('npx shipshape preview delete "$BRANCH" --run');
    expect(runs(load('.github/workflows/preview-cleanup.yml').jobs.cleanup.steps)).toContain(
      'kubectl delete namespace -l "shipshape.dev/preview,shipshape.dev/expires<$(date +%s)" --wait=false',
    );
  });

  test('the branch name, which anyone opening a pull request chooses, never lands in script text', () => {
    for (const file of pipelineFiles.filter((f) => f.startsWith('.github'))) {
      const workflow = load(file);
      for (const job of Object.values<any>(workflow.jobs)) {
        for (const command of runs(job.steps ?? [])) expect(command).not.toMatch(/\$\{\{\s*github\.(head_ref|event\.pull_request)/);
      }
    }
  });
});

describe('Codefresh', () => {
  const codefresh = load('codefresh.yml');
  const commands = (step: string): string[] => codefresh.steps[step].commands;

  test('tests, then applies staging and production on main, with the same commands', () => {
    expect(Object.keys(codefresh.steps)).toEqual(['clone', 'test', 'deploy_staging', 'deploy_production', 'preview_environment', 'remove_preview']);
    expectInOrder(commands('test'), ['npm ci', 'npm test', 'npm run check', 'npx shipshape secrets verify staging', 'npx shipshape secrets verify production']);
    for (const step of ['deploy_staging', 'deploy_production']) {
      expectInOrder(commands(step), [
        'sha256sum --check',
        'kubectl apply -f "manifests/$ENV/00-environment.yaml"',
        'npx shipshape secrets render "$ENV" | kubectl apply -f -',
        'kubectl apply -f "manifests/$ENV"',
        'kubectl rollout status deployment',
      ]);
    }
    expect(codefresh.steps.deploy_production.environment).toEqual(['ENV=production', 'KUBE_CONTEXT=${{KUBE_CONTEXT_PRODUCTION}}']);
  });

  test('a pull request gets its preview, and loses it when closed', () => {
    expectInOrder(commands('preview_environment'), ['npx shipshape synth --preview "$BRANCH" --out - | kubectl apply -f -', 'kubectl rollout status']);
    expect(commands('remove_preview')).toContain('npx shipshape preview delete "$BRANCH" --context "$KUBE_CONTEXT" --run');
  });
});

test('every shipshape command the pipelines use exists', async () => {
  const help = (await shipshape(root, ['--help'])).stdout;
  const known = new Set([...help.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]));
  // `secrets verify|render` comes with the encrypted-secrets work (lib/secrets), built beside this.
  known.add('secrets');
  const used = pipelineFiles.flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/npx shipshape ([a-z]+)/g)].map((match) => match[1]));
  expect(used.length).toBeGreaterThan(10);
  expect(used.filter((command) => !known.has(command))).toEqual([]);
});
