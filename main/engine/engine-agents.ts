import type http from 'node:http';

/**
 * The HTTP agents Berth uses to talk to engines. The activity page records requests on these as Berth's own engine
 * calls; requests on any other agent (registries, Docker Hub) are not engine calls.
 */
const engineAgents = new WeakSet<http.Agent>();

export function markEngineAgent<A extends http.Agent>(agent: A): A {
  engineAgents.add(agent);
  return agent;
}

export function isEngineAgent(agent: http.Agent | undefined): boolean {
  return agent !== undefined && engineAgents.has(agent);
}
