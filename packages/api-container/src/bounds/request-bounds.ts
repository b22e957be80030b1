// The most one request may ask for: delays, retries, timeouts, counts and sizes a caller controls.
// Each is checked before anything waits or reaches the backend, and a value above its maximum is
// INVALID_ARGUMENT naming the field and the maximum, never silently changed: Node turns a timer
// delay of 2^31 ms or more into 1 ms, Docker waits as long as it is told to, and Linux refuses to
// start a process whose arguments or environment are too large (Docker then answers with an
// internal error). The API container's README lists every maximum. Pure.
import { invalid, isDomainError, parseImageReference } from '@kurtosis-ts/domain';
import { quote } from '@kurtosis-ts/protos';

/** initial_delay_milliseconds and retries_delay_milliseconds of WaitForHttp*: 10 minutes. */
export const MAX_WAIT_DELAY_MILLISECONDS = 600_000;
/** retries of WaitForHttp*. */
export const MAX_WAIT_RETRIES = 10_000;
/** initial_delay_milliseconds + (attempts − 1) × retries_delay_milliseconds: 1 hour of waiting. */
export const MAX_WAIT_TOTAL_MILLISECONDS = 3_600_000;
/** container_stop_timeout_seconds of RemoveService, stop_timeout_seconds of StopService/RestartService. */
export const MAX_STOP_TIMEOUT_SECONDS = 600;
/** docker_image / container_image: a reference is at most 255 (name) + 128 (tag) + a digest. */
export const MAX_IMAGE_REFERENCE_CHARS = 1024;
/** One argument, or one NAME=value, of a process: Linux's MAX_ARG_STRLEN (32 pages) less its NUL. */
export const MAX_PROCESS_STRING_BYTES = 131_071;
/** All arguments and environment variables of one process together, well within Linux's ARG_MAX. */
export const MAX_PROCESS_TOTAL_BYTES = 1_048_576;
/** Files artifacts one RegisterFilesArtifacts downloads (at the same time). */
export const MAX_FILES_ARTIFACTS_PER_CALL = 100;
/**
 * Ports one service declares: each is published on the host, and Docker runs a proxy process per
 * published port, so the count is a cost on the host, not only in the enclave.
 */
export const MAX_PORTS_PER_SERVICE = 100;
/** The launch contract's other keys, next to serialized_params in SERIALIZED_ARGS. */
const SERIALIZED_ARGS_OVERHEAD_BYTES = 1_024;

function requireAtMost(field: string, value: number, max: number, unit: string, why = ''): void {
  if (value > max) throw invalid(`${field} is ${value}${unit}; the maximum is ${max}${unit}${why}`);
}

export interface WaitSchedule {
  initialDelayMilliseconds: number;
  retries: number;
  retriesDelayMilliseconds: number;
}

/** The schedule of a WaitForHttp* call (retries 0 means one attempt, as 1 does). */
export function validateWaitSchedule(wait: WaitSchedule): void {
  requireAtMost('initial_delay_milliseconds', wait.initialDelayMilliseconds, MAX_WAIT_DELAY_MILLISECONDS, ' ms', ' (10 minutes)');
  requireAtMost('retries', wait.retries, MAX_WAIT_RETRIES, '');
  requireAtMost('retries_delay_milliseconds', wait.retriesDelayMilliseconds, MAX_WAIT_DELAY_MILLISECONDS, ' ms', ' (10 minutes)');
  const total = wait.initialDelayMilliseconds + (Math.max(1, wait.retries) - 1) * wait.retriesDelayMilliseconds;
  requireAtMost(
    'initial_delay_milliseconds + (retries - 1) × retries_delay_milliseconds',
    total,
    MAX_WAIT_TOTAL_MILLISECONDS,
    ' ms',
    ' (1 hour)',
  );
}

export function validateStopTimeout(field: string, seconds: number): void {
  requireAtMost(field, seconds, MAX_STOP_TIMEOUT_SECONDS, ' s', ' (10 minutes)');
}

export function validateImageReferenceLength(field: string, image: string): void {
  if (image.length > MAX_IMAGE_REFERENCE_CHARS) {
    throw invalid(`${field} ${quote(image)} is not an image reference: the maximum is ${MAX_IMAGE_REFERENCE_CHARS} characters`);
  }
  // Malformed references are the caller's error, found before anything is registered or pulled.
  try {
    parseImageReference(image);
  } catch (err) {
    throw isDomainError(err) ? err.withContext(field) : err;
  }
}

export interface ProcessStrings {
  /** Field name → its arguments, e.g. entrypoint_args → [...]. */
  argv: Record<string, readonly string[]>;
  /** Field name → its variables, e.g. docker_env_vars → {NAME: value}. */
  env?: Record<string, Readonly<Record<string, string>>>;
}

/** Arguments and environment of one process, as the kernel will count them. */
export function validateProcessStrings({ argv, env = {} }: ProcessStrings): void {
  let total = 0;
  const count = (where: string, text: string) => {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_PROCESS_STRING_BYTES) {
      throw invalid(`${where} is ${bytes} bytes long; the maximum is ${MAX_PROCESS_STRING_BYTES} bytes (Linux's limit for one argument or environment variable)`);
    }
    total += bytes + 1;
  };
  for (const [field, args] of Object.entries(argv)) args.forEach((arg, index) => count(`${field}[${index}]`, arg));
  for (const [field, vars] of Object.entries(env)) {
    for (const [name, value] of Object.entries(vars)) count(`${field} ${quote(name)}`, `${name}=${value}`);
  }
  if (total > MAX_PROCESS_TOTAL_BYTES) {
    const fields = [...Object.keys(argv), ...Object.keys(env)].join(', ');
    throw invalid(`${fields} add up to ${total} bytes; the maximum for one process is ${MAX_PROCESS_TOTAL_BYTES} bytes`);
  }
}

/** LoadModule's serialized_params travel inside one environment variable, SERIALIZED_ARGS, as a JSON string. */
export function validateModuleParamsSize(serializedParams: string): void {
  const encoded = Buffer.byteLength(JSON.stringify(serializedParams), 'utf8');
  const max = MAX_PROCESS_STRING_BYTES - SERIALIZED_ARGS_OVERHEAD_BYTES;
  if (encoded > max) {
    throw invalid(
      `serialized_params takes ${encoded} bytes once encoded into SERIALIZED_ARGS; the maximum is ${max} bytes (the module gets it in one environment variable)`,
    );
  }
}

export function validateFilesArtifactCount(count: number): void {
  requireAtMost('files_artifact_urls', count, MAX_FILES_ARTIFACTS_PER_CALL, ' entries');
}

export function validatePortCount(count: number): void {
  requireAtMost('private_ports', count, MAX_PORTS_PER_SERVICE, ' ports', ' (each is published on the host)');
}
