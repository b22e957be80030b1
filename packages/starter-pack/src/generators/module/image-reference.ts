// Docker image references, checked with the grammar of distribution/reference (what `docker build -t`
// and `docker run` accept): [domain[:port]/]path-component(/path-component)*[:tag][@digest].

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME_LENGTH = 255;

export const IMAGE_REPOSITORY_RULE =
  `an image repository such as 'my-org/my-module' or 'registry.example.com:5000/my-module': path components of ` +
  `lower-case letters and digits separated by '.', '_', '__' or '-', joined by '/', at most ${MAX_NAME_LENGTH} characters`;

interface ParsedReference {
  repository: string;
  tag?: string;
  digest?: string;
}

function split(reference: string): ParsedReference {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.slice(at + 1);
  const named = at === -1 ? reference : reference.slice(0, at);
  const colon = named.lastIndexOf(':');
  // A ':' after the last '/' starts the tag; one before it belongs to a registry's port.
  const tag = colon > named.lastIndexOf('/') ? named.slice(colon + 1) : undefined;
  return { repository: tag === undefined ? named : named.slice(0, colon), tag, digest };
}

function explainInvalidRepository(repository: string): string | undefined {
  if (repository.length === 0) return 'the repository is empty';
  if (repository.length > MAX_NAME_LENGTH) return `it is ${repository.length} characters long`;
  const components = repository.split('/');
  const first = components[0];
  // Like Docker: the first component is a registry when it has a '.' or a ':' or is localhost.
  if (components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    const [host, port, ...rest] = first.split(':');
    const hostOk = host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
    if (!hostOk || rest.length > 0 || (port !== undefined && !PORT.test(port))) return `'${first}' is not a registry host[:port]`;
    components.shift();
  }
  const bad = components.find((c) => !PATH_COMPONENT.test(c));
  return bad === undefined ? undefined : `'${bad}' is not a valid path component`;
}

/** For `--image`: a repository without tag or digest, because the build tags it itself. */
export function explainInvalidImageRepository(option: string, value: string): string | undefined {
  const { repository, tag, digest } = split(value);
  if (tag !== undefined || digest !== undefined) {
    return `Invalid ${option} '${value}': give the repository without a tag or digest (${repository}); the build tags the image with the package version and 'latest'.`;
  }
  const why = explainInvalidRepository(repository);
  return why === undefined ? undefined : `Invalid ${option} '${value}' (${why}): use ${IMAGE_REPOSITORY_RULE}.`;
}

/** For an image to run: a repository with an optional tag and digest. */
export function explainInvalidImageReference(option: string, value: string): string | undefined {
  const { repository, tag, digest } = split(value);
  const why =
    explainInvalidRepository(repository) ??
    (tag !== undefined && !TAG.test(tag) ? `'${tag}' is not a valid tag (letters, digits, '_', '.', '-', at most 128)` : undefined) ??
    (digest !== undefined && !DIGEST.test(digest) ? `'${digest}' is not a valid digest (algorithm:hex)` : undefined);
  return why === undefined ? undefined : `Invalid ${option} '${value}' (${why}): use ${IMAGE_REPOSITORY_RULE}, optionally followed by ':<tag>'.`;
}
