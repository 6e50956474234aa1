// Stub commands for the adapters' end-to-end tests: each does one simple, visible thing (echo its options,
// return a fixed article, hold, throw), so an adapter test asserts what the adapter does with a reply and
// never depends on the production commands' wording. `invocations` records what the commands were given.
import type { CommandDefinition, Invocation } from '../../commands/types.ts';
import type { ArticleDocument } from '../../src/core/document.ts';
import type { Reply } from '../../src/core/reply.ts';

/** A tiny PNG-signed payload to exercise photo uploads without drawing a chart. */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A fixed short article with one figure; its text is the stub's own. */
export function stubDocument(): ArticleDocument {
  return {
    title: 'Stub headline & <co>',
    direction: 'down',
    sections: [{ id: 'lede', paragraphs: ['Stub paragraph stating $123.'] }],
    keyFigures: [{ label: 'STUB', text: '$123' }],
    footer: ['Stub footer.'],
    figures: [{ id: 'STUB.price', label: 'STUB price', value: 123, text: '$123', source: 'stub', asOf: 0 }],
  };
}

/** The reply of /article. */
export function stubArticle(): Reply {
  return { kind: 'article', document: stubDocument() };
}

/** An article of two very long paragraphs (800 numbered sentences with markup characters). */
export function longArticle(): ArticleDocument {
  const long = Array.from({ length: 400 }, (_, i) => `Sentence ${i.toString()} <with> & markup.`).join(' ');
  return { ...stubDocument(), sections: [{ id: 'lede', paragraphs: [long, long] }] };
}

const notice = (line: string): Reply => ({ kind: 'notice', tone: 'info', lines: [line] });

/** The stub command list, what it was invoked with, and a way to hold /slow until released. */
export function stubCommands() {
  const invocations: Invocation[] = [];
  let gate: Promise<void> = Promise.resolve();
  const command = (
    def: Omit<CommandDefinition, 'run' | 'access'> & { access?: CommandDefinition['access'] },
    run: (inv: Invocation) => Promise<Reply> | Reply,
  ): CommandDefinition => ({
    access: 'everyone',
    ...def,
    run: async (inv) => {
      invocations.push(inv);
      return run(inv);
    },
  });
  const list: CommandDefinition[] = [
    command({ name: 'article', description: 'stub: a fixed article', options: [] }, () => stubArticle()),
    command(
      {
        name: 'echo',
        description: 'stub: echoes its options',
        options: [
          { kind: 'coin', name: 'coin', description: 'a coin' },
          { kind: 'flag', name: 'loud', description: 'a flag' },
        ],
      },
      (inv) =>
        notice(
          `echo:${Object.entries(inv.options)
            .map(([k, v]) => ` ${k}=${String(v)}`)
            .join('')}`,
        ),
    ),
    command(
      {
        name: 'say',
        description: 'stub: says the text given',
        options: [{ kind: 'text', name: 'text', description: 'text', maxLength: 200 }],
      },
      (inv) => notice(String(inv.options.text ?? '')),
    ),
    command({ name: 'slow', description: 'stub: answers once released', options: [] }, async () => {
      await gate;
      return notice('slow answer');
    }),
    command({ name: 'boom', description: 'stub: fails unexpectedly', options: [] }, () => {
      throw new TypeError("Cannot read properties of undefined (reading 'price')");
    }),
    command({ name: 'mod', description: 'stub: for moderators only', options: [], access: 'moderators' }, () =>
      notice('moderated'),
    ),
    command({ name: 'long', description: 'stub: a very long article', options: [] }, () => ({
      kind: 'article',
      document: longArticle(),
    })),
    command({ name: 'chart', description: 'stub: an article with a chart', options: [] }, () => ({
      ...stubArticle(),
      files: [{ name: 'chart.png', contentType: 'image/png', data: PNG, description: 'STUB 24h' }],
    })),
  ];
  return {
    list,
    invocations,
    /** Hold /slow until `release` is called. */
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return { release };
    },
    /** Forget the recorded invocations and release any hold. */
    reset() {
      invocations.length = 0;
      gate = Promise.resolve();
    },
  };
}
