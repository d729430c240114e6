import { asStringMap, groupOf, kindOf, KubeObject, nameOf, namespaceOf } from './kube-object';
import { selectorMatches, mapSelectorMatches } from './label-selector';
import { podTemplateOf, PodTemplate } from './pod-templates';

/** A workload's pod template with the workload it belongs to. */
export interface WorkloadPods {
  /** The workload (Deployment, StatefulSet, Pod, ...). */
  readonly object: KubeObject;
  /** Its pod template. */
  readonly template: PodTemplate;
}

/**
 * The objects being validated together, indexed for the rules that look
 * across objects: lookups by kind and name, and which pod templates a
 * selector selects. Objects without a namespace share the namespace ''.
 * Built once per validation, so every lookup is a map access, not a scan.
 */
export class ObjectSet {
  private readonly byName = new Map<string, KubeObject>();
  private readonly redefinitions = new Set<KubeObject>();
  private readonly podsByNamespace = new Map<string, WorkloadPods[]>();
  private readonly podsByLabel = new Map<string, WorkloadPods[]>();
  private readonly selecting = new Map<string, Map<KubeObject, KubeObject[]>>();
  private autoscalers?: Map<string, KubeObject>;
  private policiesByLabel?: Map<string, KubeObject[]>;

  public constructor(public readonly objects: readonly KubeObject[]) {
    for (const object of objects) {
      const key = identity(object);
      if (this.byName.has(key)) this.redefinitions.add(object);
      else this.byName.set(key, object);
      const template = podTemplateOf(object);
      if (!template) continue;
      const pods = { object, template };
      push(this.podsByNamespace, namespaceOf(object), pods);
      for (const [label, value] of Object.entries(template.labels)) push(this.podsByLabel, `${namespaceOf(object)}|${label}=${value}`, pods);
    }
  }

  /** The object of a kind (in an API group) with a name in a namespace. */
  public find(namespace: string, group: string, kind: string, name: string): KubeObject | undefined {
    return this.byName.get(`${group}|${kind}|${namespace}|${name}`);
  }

  /** True when an earlier object has the same group, kind, namespace and name. */
  public isRedefinition(object: KubeObject): boolean {
    return this.redefinitions.has(object);
  }

  /** The pod templates in a namespace that a `LabelSelector` selects. */
  public podsSelectedBy(namespace: string, selector: unknown): readonly WorkloadPods[] {
    const candidates = this.candidates(namespace, asStringMap((selector as { matchLabels?: unknown } | undefined)?.matchLabels));
    return candidates.filter((pods) => selectorMatches(selector, pods.template.labels));
  }

  /** The pod templates in a namespace that an equality selector (a Service's) selects. */
  public podsSelectedByMap(namespace: string, selector: Readonly<Record<string, string>>): readonly WorkloadPods[] {
    return this.candidates(namespace, selector).filter((pods) => mapSelectorMatches(selector, pods.template.labels));
  }

  /** Every pod template in a namespace. */
  public podsIn(namespace: string): readonly WorkloadPods[] {
    return this.podsByNamespace.get(namespace) ?? [];
  }

  /**
   * The objects of a kind in the workload's namespace whose pod selector
   * selects the workload's pods: its PodDisruptionBudgets, NetworkPolicies or
   * Services. Worked out once per kind for every workload, through the label index.
   */
  public selectorsOf(kind: 'PodDisruptionBudget' | 'NetworkPolicy' | 'Service', workload: KubeObject): readonly KubeObject[] {
    let byWorkload = this.selecting.get(kind);
    if (!byWorkload) {
      byWorkload = new Map();
      for (const object of this.objects) {
        if (kindOf(object) !== kind) continue;
        const namespace = namespaceOf(object);
        const selected =
          kind === 'Service'
            ? object.spec?.selector && Object.keys(asStringMap(object.spec.selector)).length > 0 ? this.podsSelectedByMap(namespace, asStringMap(object.spec.selector)) : []
            : kind === 'NetworkPolicy'
              ? this.podsSelectedBy(namespace, object.spec?.podSelector)
              : // A PodDisruptionBudget without a selector selects no pods (policy/v1).
                object.spec?.selector === undefined ? [] : this.podsSelectedBy(namespace, object.spec.selector);
        for (const pods of selected) push(byWorkload, pods.object, object);
      }
      this.selecting.set(kind, byWorkload);
    }
    return byWorkload.get(workload) ?? [];
  }

  /** The HorizontalPodAutoscaler that scales a workload, if any. */
  public autoscalerOf(workload: KubeObject): KubeObject | undefined {
    if (!this.autoscalers) {
      this.autoscalers = new Map();
      for (const object of this.objects) {
        if (kindOf(object) !== 'HorizontalPodAutoscaler') continue;
        const target = object.spec?.scaleTargetRef ?? {};
        this.autoscalers.set(`${namespaceOf(object)}|${target.kind}|${target.name}`, object);
      }
    }
    return this.autoscalers.get(`${namespaceOf(workload)}|${kindOf(workload)}|${nameOf(workload)}`);
  }

  /** The NetworkPolicies of a namespace whose podSelector.matchLabels holds a label with a value, through an index built once. */
  public networkPoliciesNaming(namespace: string, label: string, value: string): readonly KubeObject[] {
    if (!this.policiesByLabel) {
      this.policiesByLabel = new Map();
      for (const object of this.objects) {
        if (kindOf(object) !== 'NetworkPolicy') continue;
        for (const [key, named] of Object.entries(asStringMap(object.spec?.podSelector?.matchLabels))) push(this.policiesByLabel, `${namespaceOf(object)}|${key}=${named}`, object);
      }
    }
    return this.policiesByLabel.get(`${namespace}|${label}=${value}`) ?? [];
  }

  private candidates(namespace: string, labels: Readonly<Record<string, string>>): readonly WorkloadPods[] {
    const [first] = Object.entries(labels);
    return first ? this.podsByLabel.get(`${namespace}|${first[0]}=${first[1]}`) ?? [] : this.podsIn(namespace);
  }
}

/** What makes two definitions the same object: group (not version), kind, namespace, name. */
function identity(object: KubeObject): string {
  return `${groupOf(object)}|${kindOf(object)}|${namespaceOf(object)}|${nameOf(object)}`;
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
