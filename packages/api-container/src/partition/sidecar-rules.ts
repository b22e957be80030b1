// A service's egress rules as an iptables-restore transaction. The rules go into a fresh chain and
// one rule replacement in OUTPUT swaps it in; iptables-restore commits the whole transaction at
// once, so packets see either the old rules or the new ones, never a mix.

export const CHAIN_PREFIX = 'KURTOSIS';

export function chainName(generation: number): string {
  return `${CHAIN_PREFIX}-${generation}`;
}

/** Loss percentage → the `statistic` match's probability (hard blocks need no match at all). */
export function dropProbability(lossPercentage: number): string {
  return (lossPercentage / 100).toFixed(6);
}

/**
 * The transaction that makes `generation` the active chain with one DROP rule per destination IP.
 * `previousGeneration` is the chain to retire (undefined the first time, when OUTPUT has no jump yet).
 */
export function egressRulesTransaction(
  lossesByIp: ReadonlyMap<string, number>,
  generation: number,
  previousGeneration?: number,
): string {
  const chain = chainName(generation);
  const lines = ['*filter', `:${chain} - [0:0]`];
  for (const [ip, loss] of [...lossesByIp].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    if (loss >= 100) lines.push(`-A ${chain} -d ${ip}/32 -j DROP`);
    else if (loss > 0) lines.push(`-A ${chain} -d ${ip}/32 -m statistic --mode random --probability ${dropProbability(loss)} -j DROP`);
  }
  if (previousGeneration === undefined) {
    lines.push(`-I OUTPUT 1 -j ${chain}`);
  } else {
    const previous = chainName(previousGeneration);
    lines.push(`-R OUTPUT 1 -j ${chain}`, `-F ${previous}`, `-X ${previous}`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}
