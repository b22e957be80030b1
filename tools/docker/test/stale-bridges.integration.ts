// prune-stale-bridges.sh against the real host: a bridge and NAT rule left by a network Docker forgot
// go, a live network's bridge and rules stay. The stale state is made by hand (a dummy bridge named as
// Docker names its own, on a subnet no test uses), as a killed dockerd leaves it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '..', 'prune-stale-bridges.sh');
const STALE = 'br-0ddba11c0ffe';
const STALE_SUBNET = '172.31.254.0/24';
const LIVE_NETWORK = `kurtosis-ts-test-live-bridge-${process.pid}`;

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const rulesNaming = (bridge: string) => sh('iptables-save', []).split('\n').filter((l) => l.includes(bridge));
const bridgeExists = (bridge: string) => spawnSync('ip', ['link', 'show', bridge]).status === 0;

describe('prune-stale-bridges.sh', () => {
  let liveBridge = '';

  beforeAll(() => {
    const id = sh('docker', ['network', 'create', '--label', 'com.kurtosistech.test=docker-tools', LIVE_NETWORK]).trim();
    liveBridge = `br-${id.slice(0, 12)}`;
    sh('ip', ['link', 'add', STALE, 'type', 'bridge']);
    sh('iptables', ['-t', 'nat', '-A', 'POSTROUTING', '-s', STALE_SUBNET, '!', '-o', STALE, '-j', 'MASQUERADE']);
    sh('iptables', ['-A', 'FORWARD', '-i', STALE, '-o', STALE, '-j', 'ACCEPT']);
  });

  afterAll(() => {
    spawnSync('docker', ['network', 'rm', LIVE_NETWORK]);
    spawnSync('iptables', ['-t', 'nat', '-D', 'POSTROUTING', '-s', STALE_SUBNET, '!', '-o', STALE, '-j', 'MASQUERADE']);
    spawnSync('iptables', ['-D', 'FORWARD', '-i', STALE, '-o', STALE, '-j', 'ACCEPT']);
    spawnSync('ip', ['link', 'delete', STALE]);
  });

  it("removes a forgotten network's bridge and rules, and leaves a live network's alone", () => {
    const liveRules = rulesNaming(liveBridge);
    expect(liveRules.length).toBeGreaterThan(0);
    expect(rulesNaming(STALE)).toHaveLength(2);

    const run = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`removing stale bridge ${STALE}`);
    expect(rulesNaming(STALE)).toEqual([]);
    expect(bridgeExists(STALE)).toBe(false);
    expect(bridgeExists(liveBridge)).toBe(true);
    expect(rulesNaming(liveBridge)).toEqual(liveRules);
  });
});
