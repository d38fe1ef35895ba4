import { openUrl } from '@tauri-apps/plugin-opener';

/** The generic Autotask login, before the tenant's own web URL is known. */
export const AUTOTASK_LOGIN = 'https://ww1.autotask.net/';

/** Opens an Autotask page in the system browser (the capability allows only https://*.autotask.net). */
export function openExternal(event: MouseEvent, url: string): void {
  event.preventDefault();
  void openUrl(url).catch(() => undefined);
}
