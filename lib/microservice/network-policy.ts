import type { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ShipshapeError } from '../errors';

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

/**
 * The NetworkPolicy of one service, opening exactly the traffic `access` lists on top of the namespace's
 * default deny; undefined when the default deny is all the service needs.
 * @param selected the service's pods
 */
export function networkPolicy(scope: Construct, id: string, metadata: ApiObjectMetadata, selected: kplus.IPodSelector, access: NetworkAccess): kplus.NetworkPolicy | undefined {
  const from = access.from ?? [];
  const to = access.to ?? [];
  const external = access.external ?? [];
  if (from.length === 0 && to.length === 0 && external.length === 0) return undefined;
  const policy = new kplus.NetworkPolicy(scope, id, { metadata, selector: selected });
  from.forEach((peer, index) => policy.addIngressRule(peerPods(policy, `from-${index}`, peer), peer.ports.map(tcpPort)));
  to.forEach((peer, index) => policy.addEgressRule(peerPods(policy, `to-${index}`, peer), peer.ports.map(tcpPort)));
  external.forEach((rule, index) => policy.addEgressRule(kplus.NetworkPolicyIpBlock.ipv4(policy, `external-${index}`, rule.cidr), rule.ports.map(tcpPort)));
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
