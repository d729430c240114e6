/**
 * The Kubernetes 1.27 shapes shipshape renders, as plain JSON types from
 * kubernetes-models. Type-only: nothing here is loaded at run time, which keeps
 * synth from compiling cdk8s-plus-27's 2.5 MB of generated classes.
 */
export type { IObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
export type { IContainer as Container } from 'kubernetes-models/v1/Container';
export type { IProbe as Probe } from 'kubernetes-models/v1/Probe';
export type { IPodSecurityContext as PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
export type { ISecurityContext as SecurityContext } from 'kubernetes-models/v1/SecurityContext';
export type { IVolume as Volume } from 'kubernetes-models/v1/Volume';
export type { IVolumeMount as VolumeMount } from 'kubernetes-models/v1/VolumeMount';
export type { ILifecycle as Lifecycle } from 'kubernetes-models/v1/Lifecycle';
export type { IResourceRequirements as ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
export type { ITopologySpreadConstraint as TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
export type { IServiceSpec as ServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
export type { IDeploymentSpec as DeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
export type { IDeploymentStrategy as DeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
export type { IHorizontalPodAutoscalerSpec as HorizontalPodAutoscalerSpec } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerSpec';
export type { IMetricSpec as MetricSpec } from 'kubernetes-models/autoscaling/v2/MetricSpec';
export type { INetworkPolicySpec as NetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec';
export type { INetworkPolicyPeer as NetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
export type { INetworkPolicyPort as NetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
export type { IIngressSpec as IngressSpec } from 'kubernetes-models/networking.k8s.io/v1/IngressSpec';
export type { IPodDisruptionBudgetSpec as PodDisruptionBudgetSpec } from 'kubernetes-models/policy/v1/PodDisruptionBudgetSpec';
