/** Every link in an email starts with PUBLIC_URL; it is set once at start-up (runtime.ts). */
let publicUrl = 'http://127.0.0.1:3000';

export function setPublicUrl(url: string): void {
  publicUrl = url.replace(/\/+$/, '');
}

/** `{PUBLIC_URL}{path}`; path starts with a slash. */
export function linkTo(path: string): string {
  return `${publicUrl}${path}`;
}
