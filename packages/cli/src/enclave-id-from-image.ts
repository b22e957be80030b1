// `module exec` names its enclave after the module's image: the image's own name (no registry, no
// organisation, no tag or digest), made a valid RFC 1123 label, plus a timestamp. Pure.
const MAX_ID_LENGTH = 63;

/** `registry:5000/org/my_Module:1.2@sha256:…` → `my-module` */
export function imageBaseName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  const withoutTag = lastSegment.split(':')[0];
  return withoutTag
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function enclaveIdFromImage(image: string, now: Date = new Date()): string {
  const suffix = `-${Math.floor(now.getTime() / 1000)}`;
  const base = (imageBaseName(image) || 'module').slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '');
  return `${base || 'module'}${suffix}`;
}
