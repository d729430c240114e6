import type { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ShipshapeError } from '../errors';
import { INSTANCE_LABEL } from './labels';

/** Traffic a service sends outside the cluster, e.g. to a managed database. */
export interface ExternalEgress {
  /** The destination network in CIDR notation, e.g. `10.20.0.0/16`. */
  readonly cidr: string;
  /** The destination ports. */
  readonly ports: readonly number[];
  /**
   * What is there, for the reader of the manifest.
   * @default - none
   */
  readonly description?: string;
}

/** Pods in another place that may talk to (or be reached by) this service, on given ports. */
export interface NetworkPeer {
  /** Labels selecting the peer's pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * The peer's namespace, by name.
   * @default - the service's own namespace
   */
  readonly namespace?: string;
  /** The port numbers the traffic goes to (on this service for `from`, on the peer for `to`). */
  readonly ports: readonly number[];
}

/** Everything a service's NetworkPolicy allows on top of the environment's default deny. */
export interface NetworkAccess {
  /**
   * Who may connect to this service.
   * @default []
   */
  readonly from?: readonly NetworkPeer[];
  /**
   * Which in-cluster peers this service may connect to.
   * @default []
   */
  readonly to?: readonly NetworkPeer[];
  /**
   * Which outside networks this service may connect to.
   * @default []
   */
  readonly external?: readonly ExternalEgress[];
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Checks external egress rules: real CIDRs, real ports. */
export function validateExternalEgress(rules: readonly ExternalEgress[]): void {
  rules.forEach((rule, index) => {
    const match = CIDR.exec(rule.cidr);
    if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) {
      throw new ShipshapeError({ field: `egress[${index}].cidr` }, `"${rule.cidr}" is not an IPv4 CIDR`, 'write it like "10.20.0.0/16"');
    }
    rule.ports.forEach((port, portIndex) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new ShipshapeError({ field: `egress[${index}].ports[${portIndex}]` }, `${port} is not a port number`, 'use a number from 1 to 65535');
      }
    });
  });
}

/** The cluster DNS every pod resolves names with: kube-dns (CoreDNS keeps the label) in kube-system. */
export const CLUSTER_DNS: NetworkPeer = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ports: [53] };

/** The ports DNS answers on. */
export function dnsPorts(): kplus.NetworkPolicyPort[] {
  return [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)];
}

/**
 * The NetworkPolicy of one service, opening exactly the traffic `access` lists on top of the namespace's
 * default deny, in both directions: it selects the pods by one label, lets them resolve DNS (so its egress is
 * never empty), and, when nothing else may connect to them, admits only the service's own pods on its own ports
 * (so its ingress is never empty). That is the shape Polaris's missingNetworkPolicy looks for: a policy per pod,
 * selecting by exactly one of its labels, with ingress and egress rules.
 * @param instance the value of the pods' `app.kubernetes.io/instance` label
 * @param ports the service's own ports
 */
export function networkPolicy(scope: Construct, id: string, metadata: ApiObjectMetadata, instance: string, ports: readonly number[], access: NetworkAccess): kplus.NetworkPolicy {
  const from = access.from ?? [];
  const to = access.to ?? [];
  const external = access.external ?? [];
  const selected = kplus.Pods.select(scope, `${id}-pods`, { labels: { [INSTANCE_LABEL]: instance } });
  const policy = new kplus.NetworkPolicy(scope, id, { metadata, selector: selected });
  from.forEach((peer, index) => policy.addIngressRule(peerPods(policy, `from-${index}`, peer), peer.ports.map(tcpPort)));
  if (from.length === 0) policy.addIngressRule(selected, ports.map(tcpPort));
  to.forEach((peer, index) => policy.addEgressRule(peerPods(policy, `to-${index}`, peer), peer.ports.map(tcpPort)));
  external.forEach((rule, index) => policy.addEgressRule(kplus.NetworkPolicyIpBlock.ipv4(policy, `external-${index}`, rule.cidr), rule.ports.map(tcpPort)));
  policy.addEgressRule(peerPods(policy, 'cluster-dns', CLUSTER_DNS), dnsPorts());
  return policy;
}

function peerPods(scope: Construct, id: string, peer: NetworkPeer): kplus.Pods {
  return kplus.Pods.select(scope, id, {
    labels: { ...peer.podLabels },
    namespaces: peer.namespace ? kplus.Namespaces.select(scope, `${id}-namespace`, { names: [peer.namespace] }) : undefined,
  });
}

function tcpPort(port: number): kplus.NetworkPolicyPort {
  return kplus.NetworkPolicyPort.tcp(port);
}
