import { Construct } from 'constructs';
import type { ObjectMeta } from '../kubernetes/api';
import { ManifestObject } from '../kubernetes/manifest-object';

/** Props of the namespace-wide network rules. */
export interface NetworkBaselineProps {
  /** Metadata shared by both policies (namespace, labels); names are set here. */
  readonly metadata: ObjectMeta;
}

/**
 * The namespace's starting point: deny every connection in and out, then let
 * every pod resolve DNS. Each service's own NetworkPolicy opens exactly what it needs.
 */
export class NetworkBaseline extends Construct {
  public constructor(scope: Construct, id: string, props: NetworkBaselineProps) {
    super(scope, id);
    new ManifestObject(this, 'default-deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { ...props.metadata, name: 'default-deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new ManifestObject(this, 'allow-dns', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
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
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      },
    });
  }
}
