import type { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { ServicePort } from './ports';

/**
 * The service's ClusterIP Service: each declared port under its own name, selecting the Deployment's pods
 * by the service's selector labels.
 */
export function clusterIpService(scope: Construct, id: string, metadata: ApiObjectMetadata, pods: kplus.IPodSelector, ports: readonly ServicePort[]): kplus.Service {
  return new kplus.Service(scope, id, {
    metadata,
    type: kplus.ServiceType.CLUSTER_IP,
    selector: pods,
    ports: ports.map((port) => ({
      name: port.name,
      port: port.port,
      targetPort: port.port,
      protocol: port.protocol === 'UDP' ? kplus.Protocol.UDP : kplus.Protocol.TCP,
    })),
  });
}
