import { ShipshapeError } from '../errors';
import type { SynthesizedObject } from './synthesized-object';
import { policyGateProblems } from './policy-gate';
import { synthesizeService, SynthesizedService } from './synthesize-service';

/** A failed assertion about a synthesized service; its message says what is wrong and, where it helps, the fix. */
export class ServiceAssertionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ServiceAssertionError';
  }
}

/**
 * Readable assertions about a synthesized service, for any test runner: each throws a
 * `ServiceAssertionError` when it does not hold and returns the assertions for the next one.
 *
 * @example
 * assertService(synthesizeService(billing, { environment: 'production' }))
 *   .hasReadinessProbe()
 *   .rollsOnConfigChange()
 *   .passesPolicyGate();
 */
export function assertService(synthesized: SynthesizedService): ServiceAssertions {
  return new ServiceAssertions(synthesized);
}

/** What `assertService` returns: one method per property a service should have. */
export class ServiceAssertions {
  public constructor(
    /** The service the assertions are about. */
    public readonly synthesized: SynthesizedService,
  ) {}

  /** Every container has a readiness probe, so a pod gets traffic only once it can answer. */
  public hasReadinessProbe(): this {
    for (const container of this.containers()) {
      if (!container.readinessProbe) {
        this.fail(`has no readiness probe (container ${container.name}), so it gets traffic before it can answer; declare \`health: { path: '/readyz' }\` or \`readiness\``);
      }
    }
    return this;
  }

  /** Every container has a liveness probe that checks something other than its readiness probe. */
  public hasLivenessProbe(): this {
    for (const container of this.containers()) {
      if (!container.livenessProbe) {
        this.fail(`has no liveness probe (container ${container.name}), so a stuck process is never restarted; declare \`health\` or \`liveness\``);
      }
      if (container.readinessProbe && JSON.stringify(handler(container.livenessProbe)) === JSON.stringify(handler(container.readinessProbe))) {
        this.fail(`checks liveness with its readiness check (container ${container.name}), so a slow dependency restarts every pod; give liveness its own path or a TCP check`);
      }
    }
    return this;
  }

  /** A rollout replaces pods without dropping a request: surge first, readiness-gated, a drain pause before SIGTERM. */
  public hasZeroDowntimeRollout(): this {
    const deployment = this.synthesized.object('Deployment');
    const strategy = deployment.spec.strategy ?? {};
    const problems: string[] = [];
    if (strategy.type !== 'RollingUpdate') problems.push(`the strategy is ${strategy.type ?? 'unset'}, not RollingUpdate`);
    const { maxUnavailable, maxSurge } = strategy.rollingUpdate ?? {};
    if (maxUnavailable !== 0 && maxUnavailable !== '0%') problems.push(`maxUnavailable is ${maxUnavailable ?? 'unset (25%)'}, not 0`);
    if (maxSurge === 0 || maxSurge === '0%') problems.push('maxSurge is 0, so there is no room to start a new pod first');
    if (!(deployment.spec.minReadySeconds > 0)) problems.push('minReadySeconds is 0, so a pod that crashes right after it starts does not stop the rollout');
    for (const container of this.containers()) {
      if (!container.readinessProbe) problems.push(`container ${container.name} has no readiness probe`);
      if (!container.lifecycle?.preStop) problems.push(`container ${container.name} has no preStop pause, so it gets SIGTERM while endpoints still send it traffic`);
    }
    if (problems.length > 0) this.fail(`does not roll out without downtime: ${problems.join('; ')}`);
    return this;
  }

  /** At least two replicas and a PodDisruptionBudget, so draining a node never takes the service down. */
  public survivesNodeDrain(): this {
    const deployment = this.synthesized.object('Deployment');
    const autoscaler = this.synthesized.objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
    const fewest = autoscaler ? autoscaler.spec.minReplicas ?? 1 : deployment.spec.replicas ?? 1;
    if (fewest < 2) this.fail(`runs ${fewest} replica, so draining its node takes it down; run 2 or more (\`replicas\` or \`autoscaling.minReplicas\`)`);
    const podLabels: Record<string, string> = deployment.spec.template.metadata.labels ?? {};
    const budget = this.synthesized.objects.find((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector?.matchLabels ?? {}, podLabels));
    if (!budget) this.fail('has no PodDisruptionBudget, so a drain may evict every replica at once');
    return this;
  }

  /** The pod meets the `restricted` Pod Security Standard: non-root, no privilege escalation, no capabilities, seccomp, and a read-only root filesystem. */
  public runsRestricted(): this {
    const pod = this.synthesized.object('Deployment').spec.template.spec;
    const problems: string[] = [];
    for (const container of this.containers()) {
      const security = { ...pod.securityContext, ...container.securityContext };
      const where = `container ${container.name}`;
      if (security.runAsNonRoot !== true) problems.push(`${where} may run as root (runAsNonRoot is not true)`);
      if (security.allowPrivilegeEscalation !== false) problems.push(`${where} allows privilege escalation`);
      if (!(security.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
      if (!['RuntimeDefault', 'Localhost'].includes(security.seccompProfile?.type)) problems.push(`${where} has no seccomp profile`);
      if (security.readOnlyRootFilesystem !== true) problems.push(`${where} can write to its root filesystem`);
    }
    if (problems.length > 0) this.fail(`does not run restricted: ${problems.join('; ')}`);
    return this;
  }

  /** Changing a config value changes the pod template, so running pods are replaced and pick it up. */
  public rollsOnConfigChange(): this {
    const data: Record<string, string> = this.synthesized.objects.find((o) => o.kind === 'ConfigMap')?.data ?? {};
    const [key] = Object.keys(data).sort();
    const change = key === undefined ? { SHIPSHAPE_CONFIG_CHANGE: 'changed' } : { [key]: `${data[key]}-changed` };
    if (samePodTemplate(this.synthesized, this.synthesized.variant({ config: change }))) {
      this.fail(`changing config ${Object.keys(change)[0]} leaves the pod template as it was, so running pods keep the old value`);
    }
    return this;
  }

  /** Changing a stored secret value changes the pod template, so running pods are replaced and pick it up. */
  public rollsOnSecretChange(): this {
    const keys = this.synthesized.service.secrets ?? [];
    if (keys.length === 0) this.fail('declares no secrets, so there is nothing to roll on; list the keys it reads in `secrets`');
    if (samePodTemplate(this.synthesized, this.synthesized.variant({ secretsDigest: 'a-changed-secret' }))) {
      this.fail(`changing secret ${keys[0]} leaves the pod template as it was, so running pods keep the old value`);
    }
    return this;
  }

  /**
   * The environment's Ingress routes this address to the service.
   * @param address a host and optional path, e.g. `billing.staging.example.com/invoices`
   */
  public isExposedAt(address: string): this {
    const slash = address.indexOf('/');
    const host = slash < 0 ? address : address.slice(0, slash);
    const path = slash < 0 ? '/' : address.slice(slash);
    const matches = this.synthesized.routes.some((route) => route.host === host && pathPrefixMatches(route.path, path));
    if (!matches) this.fail(`is not routed from ${host}${path}; its routes: ${this.describeRoutes() || 'none (add `ingress`)'}`);
    return this;
  }

  /** No Ingress route reaches the service: only other services in the cluster can call it. */
  public isPrivate(): this {
    if (this.synthesized.routes.length > 0) this.fail(`is exposed at ${this.describeRoutes()}; remove \`ingress\` or override it with \`ingress: false\``);
    return this;
  }

  /**
   * Nothing in the policy gate stops the service: it synthesizes in a production-like environment,
   * where the checks are strictest, and neither there nor where it was synthesized is a problem reported.
   */
  public passesPolicyGate(): this {
    const { service, options, environment } = this.synthesized;
    const problems = [...policyGateProblems(environment)];
    if (options.environment !== 'production') {
      try {
        problems.push(...policyGateProblems(synthesizeService(service, { ...options, environment: 'production' }).environment));
      } catch (error) {
        if (!(error instanceof ShipshapeError)) throw error;
        this.fail(`does not pass the policy gate in a production-like environment: ${error.message}`);
      }
    }
    if (problems.length > 0) this.fail(`does not pass the policy gate: ${problems.join('; ')}`);
    return this;
  }

  private containers(): SynthesizedObject[] {
    return this.synthesized.object('Deployment').spec.template.spec.containers ?? [];
  }

  private describeRoutes(): string {
    return this.synthesized.routes.map((route) => `${route.host}${route.path}`).join(', ');
  }

  private fail(problem: string): never {
    throw new ServiceAssertionError(`service ${this.synthesized.service.name} in environment ${this.synthesized.environment.name} ${problem}`);
  }
}

function handler(probe: Record<string, unknown>): unknown {
  return { httpGet: probe.httpGet, tcpSocket: probe.tcpSocket, exec: probe.exec, grpc: probe.grpc };
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function samePodTemplate(before: SynthesizedService, after: SynthesizedService): boolean {
  return JSON.stringify(before.object('Deployment').spec.template) === JSON.stringify(after.object('Deployment').spec.template);
}

/** Kubernetes `pathType: Prefix`: matches whole path elements, so `/api` matches `/api/v1` but not `/apiv1`. */
function pathPrefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === path) return true;
  return path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}
