import type { KubeObject } from '../validation/kube-object';
import type { Finding } from '../validation/rule';
import type { ValidationOptions } from '../validation/validate-objects';
import { StagedFolder, writeStagedFile } from './manifest-folder';
import { renderManifestFile } from './manifest-yaml';

/**
 * The part of synth that needs no definitions, only the rendered objects: validating them
 * and writing their YAML. Plain data in and out, so it runs on this thread or a worker.
 */
export interface RenderJob {
  /** One environment's objects, as rendered (waivers annotated). */
  readonly objects: readonly KubeObject[];
  /** The environment's files, sorted by name: each file's objects by index, in order. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly objects: readonly number[] }>;
  /** The comment every file starts with. */
  readonly header: string;
  /**
   * Where to write each file as soon as it is rendered, on whichever thread renders it.
   * @default - files are only returned
   */
  readonly folder?: StagedFolder;
}

/** What a thread does with a job: validate it, write some of its files, or both. */
export interface RenderTask {
  /**
   * Validate every object with these options.
   * @default - no validation
   */
  readonly validation?: ValidationOptions;
  /**
   * Write the YAML of the files in this range of `files`, [from, to).
   * @default - no files
   */
  readonly render?: { readonly from: number; readonly to: number };
}

/** A validation finding as plain data, to cross a thread boundary; `toFinding` makes it whole again. */
export interface TransferredFinding extends Omit<Finding, 'rule'> {
  /** The id of the rule that found it. */
  readonly ruleId: string;
}

/** What a task gives back. */
export interface RenderOutcome {
  /** What validation found; empty when the task did not validate. */
  readonly findings: readonly TransferredFinding[];
  /** The objects the findings are about, by index in the job: what placing them in the definitions reads. */
  readonly flagged: ReadonlyArray<readonly [number, KubeObject]>;
  /** The rendered files' texts, in order: none when the task rendered nothing. */
  readonly texts: readonly string[];
  /** The custom resources validation passed through unchecked; empty when the task did not validate. */
  readonly unvalidated: readonly KubeObject[];
}

/** Validates and renders what the task asks, on this thread. */
export function runRenderTask(job: RenderJob, task: RenderTask): RenderOutcome {
  const findings = task.validation ? validation().validateObjects(job.objects, task.validation).map(({ rule, ...finding }) => ({ ...finding, ruleId: rule.id })) : [];
  const files = task.render ? job.files.slice(task.render.from, task.render.to) : [];
  const texts = files.map((file) => {
    const text = renderManifestFile(
      job.header,
      file.objects.map((index) => job.objects[index]),
    );
    if (job.folder) writeStagedFile(job.folder, file.name, text);
    return text;
  });
  const flagged = [...new Set(findings.map((finding) => finding.objectIndex))].map((index) => [index, job.objects[index]] as const);
  const unvalidated = task.validation ? job.objects.filter(validation().isCustomResource) : [];
  return { findings, flagged, texts, unvalidated };
}

/**
 * A job's files cut into chunks that threads claim one at a time through a counter in shared memory,
 * so that whichever thread is free renders (and writes) the next chunk: no thread waits while
 * another has files left. Each chunk is claimed exactly once.
 */
export class SharedChunks {
  /** The job's files in consecutive ranges of about `objectsPerChunk` objects each, none claimed yet. */
  public static cut(job: RenderJob, objectsPerChunk: number): SharedChunks {
    const ranges: Array<readonly [number, number]> = [];
    let from = 0;
    let objects = 0;
    job.files.forEach((file, index) => {
      objects += file.objects.length;
      if (objects >= objectsPerChunk || index === job.files.length - 1) {
        ranges.push([from, index + 1]);
        from = index + 1;
        objects = 0;
      }
    });
    return new SharedChunks(ranges, new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  private readonly counter: Int32Array;

  /**
   * @param ranges each chunk's files, [from, to) in the job's `files`
   * @param claims the counter's memory: the same buffer on every thread
   */
  public constructor(
    public readonly ranges: ReadonlyArray<readonly [number, number]>,
    public readonly claims: SharedArrayBuffer,
  ) {
    this.counter = new Int32Array(claims);
  }

  /** The next unclaimed chunk, now this thread's to render; undefined once every chunk is claimed. */
  public claim(): number | undefined {
    if (Atomics.load(this.counter, 0) >= this.ranges.length) return undefined;
    const chunk = Atomics.add(this.counter, 0, 1);
    return chunk < this.ranges.length ? chunk : undefined;
  }

  /** Renders a claimed chunk's files on this thread. */
  public render(job: RenderJob, chunk: number): readonly string[] {
    const [from, to] = this.ranges[chunk];
    return runRenderTask(job, { render: { from, to } }).texts;
  }
}

/** A transferred finding with its rule again. */
export function toFinding({ ruleId, ...finding }: TransferredFinding): Finding {
  const rule = validation().findRule(ruleId);
  if (!rule) throw new Error(`a worker thread reported a finding of rule ${ruleId}, which this thread does not know`);
  return { ...finding, rule };
}

/** Loads the validation rules and the generated schema validators now, e.g. while a worker waits for its first job. */
export function loadValidation(): void {
  validation();
  (require('../validation/schema-rules') as typeof import('../validation/schema-rules')).servedKindsOf127();
}

// Loaded on first use: a thread that only writes YAML never loads the schema validators (1.5 MB of code).
function validation(): typeof import('../validation/validate-objects') {
  return require('../validation/validate-objects');
}
