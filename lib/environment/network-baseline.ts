import type { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CLUSTER_DNS, dnsPorts } from '../microservice/network-policy';

/** Props of the namespace-wide network rules. */
export interface NetworkBaselineProps {
  /** Metadata shared by both policies (namespace, labels); names are set here. */
  readonly metadata: ApiObjectMetadata;
}

/**
 * The namespace's starting point: deny every connection in and out, then let
 * every pod resolve DNS. Each service's own NetworkPolicy opens exactly what it needs.
 */
export class NetworkBaseline extends Construct {
  /** Denies all traffic to and from every pod of the namespace. */
  public readonly defaultDeny: kplus.NetworkPolicy;
  /** Lets every pod of the namespace query the cluster DNS. */
  public readonly allowDns: kplus.NetworkPolicy;

  public constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    this.defaultDeny = new kplus.NetworkPolicy(this, 'default-deny', {
      metadata: { ...props.metadata, name: 'default-deny' },
      selector: kplus.Pods.all(this, 'every-pod'),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const clusterDns = kplus.Pods.select(this, 'cluster-dns', {
      labels: { ...CLUSTER_DNS.podLabels },
      namespaces: kplus.Namespaces.select(this, 'kube-system', { names: [CLUSTER_DNS.namespace!] }),
    });
    this.allowDns = new kplus.NetworkPolicy(this, 'allow-dns', {
      metadata: { ...props.metadata, name: 'allow-dns' },
      selector: kplus.Pods.all(this, 'every-pod-resolves'),
      egress: { rules: [{ peer: clusterDns, ports: dnsPorts() }] },
    });
  }
}
