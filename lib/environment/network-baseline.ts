import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';

/** Props of the namespace-wide network rules. */
export interface NetworkBaselineProps {
  /** Metadata shared by both policies (namespace, labels); names are set here. */
  readonly metadata: k8s.ObjectMeta;
}

/**
 * The namespace's starting point: deny every connection in and out, then let
 * every pod resolve DNS. Each service's own NetworkPolicy opens exactly what it needs.
 */
export class NetworkBaseline extends Construct {
  public constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { ...props.metadata, name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'allow-dns', {
      metadata: { ...props.metadata, name: 'allow-dns' },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: IntOrString.fromNumber(53) },
              { protocol: 'TCP', port: IntOrString.fromNumber(53) },
            ],
          },
        ],
      },
    });
  }
}
