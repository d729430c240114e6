import { environmentGraph, ServiceDefinition } from '../lib';
import { FLOWLINE } from './support/flowline';
import { shipshape } from './support/shipshape-cli';
import { httpService } from './support/render';

describe('shipshape graph', () => {
  test('draws ingress hosts → services → dependencies and outside networks as Mermaid', () => {
    const api: ServiceDefinition = { ...httpService, ingress: { subdomain: 'api' }, egress: [{ cidr: '10.0.0.0/24', ports: [5432], description: 'PostgreSQL' }] };
    const web: ServiceDefinition = { ...httpService, name: 'web', ingress: { subdomain: 'www', paths: ['/', '/assets'] }, dependsOn: ['api'] };
    const worker: ServiceDefinition = { ...httpService, name: 'billing-worker', dependsOn: ['api'] };
    expect(environmentGraph({ name: 'qa', domain: 'qa.example.com', services: [api, web, worker], releases: { web: '2.0.0' } })).toBe(`flowchart LR
  subgraph ns["namespace qa"]
    svc_api["api<br/>1.4.2"]
    svc_web["web<br/>2.0.0"]
    svc_billing_worker["billing-worker<br/>1.4.2"]
  end
  host_0(["api.qa.example.com"])
  host_0 --> svc_api
  host_1(["www.qa.example.com"])
  host_1 -- "/ /assets" --> svc_web
  svc_api -.-> ext_0[("10.0.0.0/24:5432<br/>PostgreSQL")]
  svc_web --> svc_api
  svc_billing_worker --> svc_api
`);
  });

  test('the command prints an environment of the platform as Markdown', async () => {
    const result = await shipshape(FLOWLINE, ['graph', '--env', 'staging', '--markdown']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^```mermaid\nflowchart LR\n  subgraph ns\["namespace staging"\]\n/);
    expect(result.stdout).toContain('    extension_build_log_cleanup[["build-log-cleanup<br/>CronJob, NetworkPolicy"]]\n');
    expect(result.stdout.endsWith('```\n')).toBe(true);
  });

  test('an unknown environment is a clear error', async () => {
    expect((await shipshape(FLOWLINE, ['graph', '--env', 'qa'])).stderr.trim()).toBe('error: environment qa: there is no environments/qa/environment.ts; choose one of production, staging or create that file.');
  });
});
