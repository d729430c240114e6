import { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ShipshapeError } from '../errors';
import { closestName } from '../schema/closest-name';
import { GITOPS_FOLDER } from '../synth/gitops-manifests';
import { ManifestDocument, readManifestText } from '../validation/manifest-documents';
import { formatPath } from '../validation/object-path';
import { LoweredSeverity, POLICY_RULES, PolicyRuleId } from '../validation/policy-rules';
import { describeGroup, Finding } from '../validation/rule';
import { errorsOf, findRule, isCustomResource, isPolicyRule, validateObjects, waivedOf, warningsOf } from '../validation/validate-objects';
import type { CommandContext } from './command-context';
import type { Project } from './project';
import type { Terminal } from './terminal';

/** Options of `shipshape validate`. */
export interface ValidateOptions {
  /** Policy rules to report as warnings. */
  readonly warn: readonly string[];
  /** Policy rules not to run. */
  readonly skip: readonly string[];
}

/** `shipshape validate [paths...]`. */
export function validateCommand(context: CommandContext): Command {
  return new Command('validate')
    .description('check Kubernetes YAML against the 1.27 schema, the API server\'s rules, cross-object references and the best-practice policy')
    .argument('[paths...]', 'YAML files or folders (searched for *.yaml and *.yml); each environment folder of manifests/ when none is given')
    .option('--warn <rules...>', 'report these policy rules as warnings instead of errors', [])
    .option('--skip <rules...>', 'do not run these policy rules', [])
    .action((paths: string[], options: ValidateOptions) => {
      context.exitCode = validate(context.project, paths, options, context.terminal);
    });
}

/**
 * Validates every object in the given files and folders together, so
 * references between files are checked too. Prints one line per problem,
 * `file:line: error [rule] Kind name path: problem; fix.`
 *
 * @returns the exit code: 0 when nothing is an error, 1 otherwise
 */
export function validate(project: Project, paths: readonly string[], options: ValidateOptions, terminal: Terminal): number {
  const severities = severitiesFrom(options);
  const files = (paths.length > 0 ? paths : environmentFolders(project)).flatMap((path) => yamlFiles(project.root, path));
  const objects: (ManifestDocument & { file: string })[] = [];
  let syntaxErrors = 0;
  for (const file of files) {
    const shown = relative(project.root, file) || file;
    const { objects: found, errors } = readManifestText(readFileSync(file, 'utf8'));
    for (const error of errors) terminal.err(`${shown}:${error.line}: error: the document ${error.problem}`);
    syntaxErrors += errors.length;
    objects.push(...found.map((entry) => ({ ...entry, file: shown })));
  }
  const findings = validateObjects(objects.map((entry) => entry.object), { severities });
  const place = (finding: Finding, label: string) => {
    const { object, file, lineOf } = objects[finding.objectIndex];
    return `${file}:${lineOf(finding.path)}: ${label} [${finding.rule.id}] ${object.kind} ${object.metadata?.name ?? '(unnamed)'} ${formatPath(finding.path)}`;
  };
  const line = (finding: Finding, label: string) => `${place(finding, label)}: ${finding.problem}; ${finding.fix}.`;
  const errors = errorsOf(findings);
  const warnings = warningsOf(findings);
  const waived = waivedOf(findings);
  for (const finding of errors) terminal.err(line(finding, 'error'));
  for (const finding of warnings) terminal.err(line(finding, 'warning'));
  for (const finding of waived) terminal.out(`${place(finding, 'waived')}: ${finding.waiver}`);
  for (const { object, file, lineOf } of objects.filter((entry) => isCustomResource(entry.object))) {
    terminal.out(`${file}:${lineOf([])}: note: ${object.kind} ${object.metadata?.name ?? '(unnamed)'} is a custom resource (${object.apiVersion}), passed through without validation: its schema is in the cluster`);
  }
  const errorCount = errors.length + syntaxErrors;
  terminal.out(`checked ${objects.length} object${objects.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: ${errorCount} error${errorCount === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, ${waived.length} waived`);
  return errorCount > 0 ? 1 : 0;
}

/**
 * What `validate` checks by default: each environment's folder under manifests/. Not
 * manifests/gitops/, whose Argo CD and Flux objects are custom resources that no
 * offline check can validate (their schemas live in the cluster).
 */
function environmentFolders(project: Project): string[] {
  if (!existsSync(project.manifestsFolder)) return [relative(project.root, project.manifestsFolder)];
  return readdirSync(project.manifestsFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== GITOPS_FOLDER)
    .map((entry) => relative(project.root, join(project.manifestsFolder, entry.name)))
    .sort();
}

function severitiesFrom(options: ValidateOptions): Partial<Record<PolicyRuleId, LoweredSeverity>> {
  const severities: Partial<Record<PolicyRuleId, LoweredSeverity>> = {};
  for (const [flag, ids, level] of [['--warn', options.warn, 'warning'], ['--skip', options.skip, 'off']] as const) {
    for (const id of ids) {
      if (!isPolicyRule(id)) {
        const rule = findRule(id);
        throw new ShipshapeError(
          { field: `${flag} ${id}` },
          rule ? `"${id}" is ${describeGroup(rule.group)}, which the cluster enforces` : `"${id}" is not a policy rule`,
          policyRuleFix(id),
        );
      }
      severities[id] = level;
    }
  }
  return severities;
}

/** The policy rule a mistyped id most likely meant, or the list of them all. */
function policyRuleFix(id: string): string {
  const policyRules = POLICY_RULES.map((rule) => rule.id);
  const meant = closestName(id, policyRules);
  return meant ? `did you mean ${meant}?` : `name one of the policy rules: ${policyRules.join(', ')}`;
}

/** A file as given, or the *.yaml and *.yml files under a folder, sorted. */
function yamlFiles(root: string, path: string): string[] {
  const absolute = resolve(root, path);
  if (!existsSync(absolute)) throw new ShipshapeError({ field: path }, 'does not exist', 'give a YAML file or a folder of them');
  if (!statSync(absolute).isDirectory()) return [absolute];
  return readdirSync(absolute, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      if (entry.name.startsWith('.')) return [];
      if (entry.isDirectory()) return yamlFiles(absolute, entry.name);
      return /\.ya?ml$/.test(entry.name) ? [join(absolute, entry.name)] : [];
    });
}
