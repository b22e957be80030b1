// Applies kurtosis-ts's fixes to the pinned EthereumJS client (0.10.5) installed from npm, in
// place: node apply-patches.mjs <node_modules dir>. Each edit replaces one exact passage; a passage
// that is not found exactly once (another client version) fails the image build, and an edit
// already applied is left alone. packages/ethereumjs-client/README.md says why each fix exists and
// what was seen without it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const edits = [
  {
    fix: 1,
    file: '@ethereumjs/client/dist/esm/src/service/fullethereumservice.js',
    before: `                else if (this.synchronizer instanceof FullSynchronizer) {
                    this.synchronizer.handleNewBlockHashes(message.data);`,
    after: `                else if (this.synchronizer instanceof FullSynchronizer) {
                    for (const [, number] of message.data) noteAnnouncedHeight(peer, number);
                    this.synchronizer.handleNewBlockHashes(message.data);`,
  },
  {
    fix: 1,
    file: '@ethereumjs/client/dist/esm/src/service/fullethereumservice.js',
    before: `                else if (this.synchronizer instanceof FullSynchronizer) {
                    await this.synchronizer.handleNewBlock(message.data[0], peer);`,
    after: `                else if (this.synchronizer instanceof FullSynchronizer) {
                    noteAnnouncedHeight(peer, message.data[0].header.number);
                    await this.synchronizer.handleNewBlock(message.data[0], peer);`,
  },
  {
    fix: 1,
    file: '@ethereumjs/client/dist/esm/src/service/fullethereumservice.js',
    before: `/**
 * Full Ethereum service`,
    after: `// kurtosis-ts patch: remember the highest block a peer announced, so sync knows how far it can go.
function noteAnnouncedHeight(peer, number) {
    if (peer.eth !== undefined && (peer.eth.announcedHeight === undefined || number > peer.eth.announcedHeight)) {
        peer.eth.announcedHeight = number;
    }
}
/**
 * Full Ethereum service`,
  },
  {
    fix: 2,
    file: '@ethereumjs/client/dist/esm/src/sync/fullsync.js',
    before: `            // For pure non-Merge HF Ethash/Clique chains we want to select the peer with the highest TD
            let best;`,
    after: `            // kurtosis-ts patch: a peer's status TD is the one of its handshake and never updated, so
            // once this node has passed it no peer qualifies below and sync stops for good. Prefer the
            // peer known (announced or fetched) to be highest, when it is above this node.
            let highest;
            let highestNumber = this.chain.blocks.height;
            for (const peer of peers) {
                if (peer.eth?.status === undefined)
                    continue;
                const known = [peer.eth.announcedHeight, peer.eth.updatedBestHeader?.number].filter((n) => n !== undefined);
                const number = known.reduce((a, b) => (a > b ? a : b), BIGINT_0);
                if (number > highestNumber) {
                    highest = peer;
                    highestNumber = number;
                }
            }
            if (highest !== undefined)
                return highest;
            // For pure non-Merge HF Ethash/Clique chains we want to select the peer with the highest TD
            let best;`,
  },
  {
    fix: 1,
    file: '@ethereumjs/client/dist/esm/src/net/peer/peer.js',
    before: `        else {
            block = this.getPotentialBestHeaderNum();
        }`,
    after: `        else {
            block = this.getPotentialBestHeaderNum();
        }
        // kurtosis-ts patch: a block the peer announced is one it has; the guess above (12 s slots)
        // lags far behind a chain with a shorter block period, or asks for blocks that do not exist yet.
        if (this.eth.announcedHeight !== undefined &&
            (this.eth.updatedBestHeader === undefined || this.eth.announcedHeight > this.eth.updatedBestHeader.number)) {
            block = this.eth.announcedHeight;
        }`,
  },
  {
    fix: 1,
    file: '@ethereumjs/client/dist/esm/src/net/peer/peer.js',
    before: `            const latest = result[1][0];
            this.eth.updatedBestHeader = latest;
            if (latest !== undefined) {`,
    after: `            const latest = result[1][0];
            // kurtosis-ts patch: an empty answer (the peer lacks that block) keeps what was known.
            if (latest !== undefined) {
                this.eth.updatedBestHeader = latest;`,
  },
  {
    fix: 3,
    file: '@ethereumjs/client/dist/esm/src/sync/fullsync.js',
    before: `        const numPeersToShareWith = Math.floor(Math.sqrt(this.pool.peers.length));`,
    after: `        // kurtosis-ts patch: every peer gets the whole block. A peer sent only its hash imports it
        // only through a later sync round (seconds), so a private network would rarely agree on a head.
        const numPeersToShareWith = this.pool.peers.length;`,
  },
  {
    fix: 4,
    file: '@ethereumjs/client/dist/esm/src/service/service.js',
    before: `        this.interval = options.interval ?? 8000;`,
    after: `        // kurtosis-ts patch: the sync loop and the block fetcher poll at this interval (no CLI flag
        // sets it); 8 s is long on a chain sealing a block every 2 s.
        this.interval = options.interval ?? 1000;`,
  },
  {
    fix: 5,
    file: '@ethereumjs/client/dist/esm/src/net/protocol/boundprotocol.js',
    before: `    async request(name, args) {
        const message = this.send(name, args);
        let lock;`,
    after: `    async request(name, args) {
        // kurtosis-ts patch: answers are matched to requests by message code alone, and the request
        // was sent before waiting for the previous one of that code to be answered: two answers in
        // one read then met a single waiting resolver, the second was dropped as unsolicited, its
        // request timed out after 8 s and the peer was banned. Send only once holding the lock.
        const message = this.protocol.messages.find((m) => m.name === name);
        if (message === undefined) {
            throw EthereumJSErrorWithoutCode(\`Unknown message: \${name}\`);
        }
        let lock;`,
  },
  {
    fix: 5,
    file: '@ethereumjs/client/dist/esm/src/net/protocol/boundprotocol.js',
    before: `        if (lock === undefined) {
            await resolver.lock.acquire();
        }
        return new Promise((resolve, reject) => {`,
    after: `        if (lock === undefined) {
            await resolver.lock.acquire();
        }
        this.send(name, args);
        return new Promise((resolve, reject) => {`,
  },
  {
    fix: 6,
    file: '@ethereumjs/client/dist/esm/src/net/server/rlpxserver.js',
    before: `        this.dpt = null;`,
    after: `        this.dpt = null;
        // kurtosis-ts patch: every peer discovery ever added (bootnodes, admin_addPeer), redialled
        // while not connected. RLPx dials a discovered peer only once, so a connection lost to a
        // partition or a paused container never came back.
        this.staticPeers = new Map();
        this.redialTimer = undefined;`,
  },
  {
    fix: 6,
    file: '@ethereumjs/client/dist/esm/src/net/server/rlpxserver.js',
    before: `        await this.initDpt();
        await this.initRlpx();
        this.started = true;`,
    after: `        await this.initDpt();
        await this.initRlpx();
        this.redialTimer = setInterval(() => this.redialStaticPeers(), 5000);
        this.started = true;`,
  },
  {
    fix: 6,
    file: '@ethereumjs/client/dist/esm/src/net/server/rlpxserver.js',
    before: `        if (this.started) {
            this.rlpx.destroy();`,
    after: `        if (this.started) {
            clearInterval(this.redialTimer);
            this.rlpx.destroy();`,
  },
  {
    fix: 6,
    file: '@ethereumjs/client/dist/esm/src/net/server/rlpxserver.js',
    before: `            this.dpt.events.on('error', (e) => {`,
    after: `            this.dpt.events.on('peer:added', (peer) => {
                if (typeof peer.tcpPort === 'number' && peer.address !== undefined) {
                    this.staticPeers.set(bytesToUnprefixedHex(peer.id), { id: peer.id, address: peer.address, tcpPort: peer.tcpPort });
                }
            });
            this.dpt.events.on('error', (e) => {`,
  },
  {
    fix: 6,
    file: '@ethereumjs/client/dist/esm/src/net/server/rlpxserver.js',
    before: `    /**
     * Initializes DPT for peer discovery
     */`,
    after: `    /** kurtosis-ts patch: dial every known peer that is not connected (see staticPeers). */
    redialStaticPeers() {
        if (this.rlpx === null)
            return;
        for (const [key, peer] of this.staticPeers) {
            if (!this.rlpx._peers.has(key)) {
                this.rlpx.connect(peer).catch(() => { });
            }
        }
    }
    /**
     * Initializes DPT for peer discovery
     */`,
  },
  {
    fix: 7,
    file: '@ethereumjs/client/dist/esm/src/rpc/modules/admin.js',
    before: `            peerInfo = await dpt.addPeer(params[0]);
            const rlpxPeer = new RlpxPeer({
                config: new Config(),
                id: bytesToHex(peerInfo.id),
                host: peerInfo.address,
                port: peerInfo.tcpPort,
            });
            service.pool.add(rlpxPeer);`,
    after: `            // kurtosis-ts patch: discovery adding the peer makes RLPx dial it, and the connected peer
            // joins the pool by itself. The unconnected stand-in that was added to the pool here (under
            // a 0x-prefixed ID, next to the real one) was counted as a second peer and could be handed
            // sync jobs it cannot do.
            peerInfo = await dpt.addPeer(params[0]);`,
  },
  {
    fix: 8,
    file: '@ethereumjs/vm/dist/esm/buildBlock.js',
    before: `        const blockData = { header, transactions: this.transactions };
        const block = createBlock(blockData, this.blockOpts);`,
    after: `        const blockData = { header, transactions: this.transactions };
        // kurtosis-ts patch: each transaction ran against an unsealed clique block, which fails
        // clique's format check (empty extraData: every transaction was skipped, blocks stayed empty)
        // and whose signer, who is paid the fees, reads as the zero address (the sealed block then
        // had a state root no importing node could reproduce). Seal it, as build() does.
        const block = this.blockOpts.cliqueSigner !== undefined
            ? createSealedCliqueBlock(blockData, this.blockOpts.cliqueSigner, this.blockOpts)
            : createBlock(blockData, this.blockOpts);`,
  },
];

const root = process.argv[2];
if (!root) {
  console.error('usage: node apply-patches.mjs <node_modules dir>');
  process.exit(2);
}
let applied = 0;
for (const { fix, file, before, after } of edits) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  if (text.includes(after)) continue;
  const at = text.indexOf(before);
  if (at < 0 || text.indexOf(before, at + 1) >= 0) {
    throw new Error(`fix ${fix}: the passage to replace is not in ${file} exactly once (not the pinned client version?):\n${before}`);
  }
  writeFileSync(path, text.slice(0, at) + after + text.slice(at + before.length));
  applied += 1;
}
console.log(`applied ${applied} of ${edits.length} edits (${new Set(edits.map((e) => e.fix)).size} fixes)`);
