// The Rust commands, mocked with the types of the IPC contract: a handler that takes or returns the
// wrong shape, or a command Rust does not have, is a TypeScript error (`npm run check`).
import { mockIPC } from '@tauri-apps/api/mocks';
import type { ArgsOf, ResultOf } from '../lib/commands';
import type { IpcError, TestEvent } from '../lib/bindings';
import type { CommandName } from '../lib/bindings';

type Emit = (event: TestEvent) => void;
type Handler<C extends CommandName> = (
  args: ArgsOf<C>,
  emit: Emit,
) => ResultOf<C> | Promise<ResultOf<C>>;
export type Handlers = { [C in CommandName]?: Handler<C> };
type Call = { [C in CommandName]: { cmd: C; args: ArgsOf<C> } }[CommandName];

/** Mocks the commands in `handlers` (any other command fails); the result records each call. */
export function mockCommands(handlers: Handlers) {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const name = cmd as CommandName;
    const args = (payload ?? {}) as ArgsOf<CommandName>;
    calls.push({ cmd: name, args } as Call);
    const handler = handlers[name] as Handler<CommandName> | undefined;
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    // Test events reach the UI through the Channel that start_test was given.
    const emit: Emit = (event) => ('onEvent' in args ? args.onEvent.onmessage(event) : undefined);
    return handler(args as never, emit);
  });
  return {
    calls,
    /** The arguments of each call to `cmd`, in order. */
    argsOf: <C extends CommandName>(cmd: C): ArgsOf<C>[] =>
      calls.filter((c) => c.cmd === cmd).map((c) => c.args as ArgsOf<C>),
    called: (cmd: CommandName): boolean => calls.some((c) => c.cmd === cmd),
  };
}

/** An IpcError for a handler to throw, as Rust would reject the command. */
export const ipcError = (
  code: IpcError['code'],
  message: string,
  field?: IpcError['field'],
): IpcError => ({
  code,
  message,
  remediation: `Remediation for ${code}`,
  field,
});
