import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from '../kubernetes/api';
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
  /** The ports the traffic goes to (on this service for `from`, on the peer for `to`). */
  readonly ports: readonly (string | number)[];
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

/** The NetworkPolicy spec for one service, or undefined when the default deny is all it needs. */
export function renderNetworkPolicySpec(podSelector: Record<string, string>, access: NetworkAccess): NetworkPolicySpec | undefined {
  const from = access.from ?? [];
  const egress = [
    ...(access.to ?? []).map((peer) => ({ to: [peerSelector(peer)], ports: peer.ports.map(tcpPort) })),
    ...(access.external ?? []).map((rule) => ({ to: [{ ipBlock: { cidr: rule.cidr } }], ports: rule.ports.map(tcpPort) })),
  ];
  if (from.length === 0 && egress.length === 0) return undefined;
  const policyTypes = [...(from.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
  return {
    podSelector: { matchLabels: podSelector },
    policyTypes,
    ingress: from.length > 0 ? from.map((peer) => ({ from: [peerSelector(peer)], ports: peer.ports.map(tcpPort) })) : undefined,
    egress: egress.length > 0 ? egress : undefined,
  };
}

function peerSelector(peer: NetworkPeer): NetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { ...peer.podLabels } },
    ...(peer.namespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } } : {}),
  };
}

function tcpPort(port: string | number): NetworkPolicyPort {
  return { protocol: 'TCP', port };
}
