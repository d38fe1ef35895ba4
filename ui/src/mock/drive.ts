// In-page steps for the mock build: get the UI to a screen the way a user would (clicks and typing).
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `find` returns something (up to 5 s). */
export async function waitFor<T>(
  find: () => T | null | undefined | false,
  what: string,
): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found) return found;
    await sleep(50);
  }
  throw new Error(`mock drive: no ${what}`);
}

export const heading = (text: string) =>
  waitFor(
    () => [...document.querySelectorAll('h1')].find((h) => h.textContent?.trim() === text),
    `heading ${text}`,
  );

export async function click(label: string) {
  const button = await waitFor(
    () =>
      [...document.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === label && !b.disabled,
      ),
    `button ${label}`,
  );
  button.click();
  await sleep(30);
}

export async function type(selector: string, value: string) {
  const input = await waitFor(() => document.querySelector<HTMLInputElement>(selector), selector);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await sleep(30);
}

/** Types into a Picker and clicks the option with `id`. */
export async function pick(picker: string, query: string, id: number) {
  await type(`#${picker}`, query);
  const option = await waitFor(
    () => document.getElementById(`${picker}-opt-c${id}`),
    `option ${id}`,
  );
  option.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
  option.click();
  await sleep(30);
}

export async function toCredentials() {
  await heading("What you'll need");
  await click('Next');
  await heading('Create the API user');
  await click('Next');
  await heading('Paste credentials');
  await type('#integration-code', 'ABCDEFGHIJKLMNOPQRSTUVWXY27');
  await type('#username', 'key@contoso-msp.com');
  await type('#secret', 'S3cret!example');
}

/** From the first screen through a Test (whatever it answers). */
export async function toTested(waitFor: string) {
  await toCredentials();
  await click('Next');
  await heading('Test');
  await click('Test connection');
  await waitForSelector(waitFor);
}

export const waitForSelector = (selector: string) =>
  waitFor(() => document.querySelector(selector), selector);

/** Clicks what `selector` finds (a radio's label, say), once it is there. */
export async function clickOn(selector: string) {
  const element = await waitFor(() => document.querySelector<HTMLElement>(selector), selector);
  element.click();
  await sleep(30);
}
