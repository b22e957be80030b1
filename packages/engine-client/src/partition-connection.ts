// How two partitions are connected, as the original client names them.
import type { apiContainerApi } from '@kurtosis-ts/protos';
import { invalidArgument } from './kurtosis-error';

export interface PartitionConnection {
  /** 0 = open, 100 = blocked, in between = soft partition. */
  readonly packetLossPercentage: number;
  toWire(): apiContainerApi.PartitionConnectionInfo;
}

abstract class FixedLossConnection implements PartitionConnection {
  protected constructor(readonly packetLossPercentage: number) {}

  toWire(): apiContainerApi.PartitionConnectionInfo {
    return { packetLossPercentage: this.packetLossPercentage };
  }
}

export class UnblockedPartitionConnection extends FixedLossConnection {
  constructor() {
    super(0);
  }
}

export class BlockedPartitionConnection extends FixedLossConnection {
  constructor() {
    super(100);
  }
}

export class SoftPartitionConnection extends FixedLossConnection {
  constructor(packetLossPercentage: number) {
    if (!Number.isFinite(packetLossPercentage) || packetLossPercentage < 0 || packetLossPercentage > 100) {
      throw invalidArgument(`A soft partition's packet loss must be a number from 0 to 100, not ${packetLossPercentage}`);
    }
    super(packetLossPercentage);
  }
}
