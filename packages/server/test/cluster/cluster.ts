import { RUNNEL_BIN, spawnUntilUrl, type RunningProcess } from '../process.ts';
import { runHaproxy, type Balancer } from '../../src/testing/balancer.ts';
import { freePort } from '../../src/testing/ports.ts';
import { haproxyConfig } from './haproxy.ts';

export type NodeRole = 'api' | 'stream' | 'worker';

export interface ClusterNode {
  role: NodeRole;
  name: string;
  url: string;
  port: number;
  process: RunningProcess;
}

export interface ClusterOptions {
  db: string;
  bus: string;
  dataDir: string;
  music: string;
}

/** `runnel serve --role ROLE` as a process of its own, on the cluster's database, bus, data and music. */
export async function startNode(options: ClusterOptions, role: NodeRole, name: string, port?: number): Promise<ClusterNode> {
  const listen = port ?? (await freePort());
  const args = [
    RUNNEL_BIN,
    'serve',
    '--role',
    role,
    '--db',
    options.db,
    '--bus',
    options.bus,
    '--data',
    options.dataDir,
    '--music',
    options.music,
    '--loudness',
    'off',
  ];
  args.push('--port', String(listen), '--host', '127.0.0.1', '--trust-proxy', '127.0.0.1', '--log-level', 'warn');
  const process = await spawnUntilUrl(globalThis.process.execPath, args, { timeoutMs: 60_000 });
  return { role, name, url: `http://127.0.0.1:${listen}`, port: listen, process };
}

export interface Cluster {
  /** The balancer's address: what clients use. */
  url: string;
  nodes: ClusterNode[];
  node(name: string): ClusterNode;
  /** Starts one more node (a replacement, say) and returns it. */
  add(role: NodeRole, name: string): Promise<ClusterNode>;
  stop(): Promise<void>;
}

/**
 * HAProxy (deploy/cluster/haproxy.cfg) in front of `api` api nodes and `stream` stream nodes,
 * and `worker` workers beside them. The first worker starts alone (it migrates the fresh
 * database and makes the first scan), then the others together.
 */
export async function startCluster(options: ClusterOptions, counts: { api: number; stream: number; worker: number }): Promise<Cluster> {
  const nodes: ClusterNode[] = [];
  const started = (node: ClusterNode) => (nodes.push(node), node);
  let haproxy: Balancer;
  try {
    started(await startNode(options, 'worker', 'worker1'));
    const rest: [NodeRole, string][] = [];
    for (let i = 2; i <= counts.worker; i++) rest.push(['worker', `worker${i}`]);
    for (let i = 1; i <= counts.api; i++) rest.push(['api', `api${i}`]);
    for (let i = 1; i <= counts.stream; i++) rest.push(['stream', `stream${i}`]);
    await Promise.all(rest.map(async ([role, name]) => started(await startNode(options, role, name))));
    haproxy = await runHaproxy((port) => haproxyConfig(port, nodes));
  } catch (error) {
    // Leave no node running behind a failed start (they are process groups of their own).
    await Promise.all(nodes.map((n) => n.process.stop('SIGKILL')));
    throw error;
  }
  return {
    url: haproxy.url,
    nodes,
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name}`);
      return found;
    },
    async add(role, name) {
      const node = await startNode(options, role, name);
      nodes.push(node);
      return node;
    },
    async stop() {
      await haproxy.stop();
      await Promise.all(nodes.map((n) => n.process.stop('SIGTERM')));
    },
  };
}
