// The agents that tunnel through a proxy: https-proxy-agent (CONNECT through
// an http:// or https:// proxy) and socks-proxy-agent (socks5://, socks5h://).
// Loaded with import() only when a request goes through a proxy, so a direct
// run loads neither. One agent per proxy for the whole process, keeping its
// connections alive: a --watch refresh reuses the tunnel instead of a new TCP,
// CONNECT and TLS handshake; idle sockets never hold the process open.
import type { Agent } from 'node:http';

const agents = new Map<string, Promise<Agent>>();

/** The agent for requests through `proxy` (its password, if any, included). */
export async function proxyAgent(proxy: URL): Promise<Agent> {
  const key = proxy.href;
  let agent = agents.get(key);
  if (agent === undefined) {
    // Requests sent at once share one agent, so they share its connections.
    agent = createAgent(proxy);
    agents.set(key, agent);
  }
  return agent;
}

async function createAgent(proxy: URL): Promise<Agent> {
  const options = { keepAlive: true, scheduling: 'lifo' as const };
  if (proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:') {
    const { SocksProxyAgent } = await import('socks-proxy-agent');
    return new SocksProxyAgent(proxy, options);
  }
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  return new HttpsProxyAgent(proxy, options);
}
