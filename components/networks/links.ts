import type { NetworkPlural } from '@/lib/views/types';

const seg = encodeURIComponent;

/** Console page of one network. */
export function networkHref(plural: NetworkPlural, namespace: string, name: string): string {
  return `/networks/${plural}/${seg(namespace)}/${seg(name)}`;
}

/** Console page that edits one network. */
export function networkEditHref(plural: NetworkPlural, namespace: string, name: string): string {
  return `${networkHref(plural, namespace, name)}/edit`;
}

/** Where the import page leaves a document for the editor to open. */
export const IMPORT_HANDOFF_KEY = 'ibnet.networks.import-document';
