// How much of a command's output an exec keeps. ExecCommand answers the whole output in one message,
// so a service printing without end (`yes`, `cat /dev/urandom | base64`) must neither grow the API
// container's memory without bound nor make an answer no client accepts: gRPC clients refuse
// messages over 4 MiB by default, and 1 Mi characters are at most 3 MiB of UTF-8. The command still
// runs to its end; what comes after the limit is read and dropped. Pure.

export const MAX_EXEC_OUTPUT_CHARS = 1024 * 1024;

/** Collects text up to `maxChars`; says, at the end, where it was cut. */
export class BoundedExecOutput {
  private readonly parts: string[] = [];
  private kept = 0;
  private dropped = 0;

  constructor(private readonly maxChars: number = MAX_EXEC_OUTPUT_CHARS) {}

  push(text: string): void {
    const room = this.maxChars - this.kept;
    if (text.length <= room) {
      this.parts.push(text);
      this.kept += text.length;
      return;
    }
    if (room > 0) this.parts.push(text.slice(0, room));
    this.kept += Math.max(0, room);
    this.dropped += text.length - Math.max(0, room);
  }

  /** The output kept, and a last line naming how much was left out when something was. */
  text(): string {
    const kept = this.parts.join('');
    if (this.dropped === 0) return kept;
    return `${kept}\n[kurtosis-ts: output cut after ${this.maxChars} characters; ${this.dropped} more were dropped]\n`;
  }
}
