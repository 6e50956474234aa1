// The registry's start-up checks, and the Discord and Telegram command lists generated from the one list.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandDefinition } from '../../commands/types.ts';
import { discordCommandsJson } from '../../src/adapters/discord/command-json.ts';
import { CommandRegistryError, createRegistry } from '../../src/adapters/registry.ts';
import { telegramMenus } from '../../src/adapters/telegram/menu.ts';

const base: CommandDefinition = {
  name: 'ping',
  description: 'Answers pong',
  access: 'everyone',
  options: [],
  run: async () => ({ kind: 'notice', tone: 'info', lines: ['pong'] }),
};

describe('createRegistry', () => {
  it('accepts the real command list and finds commands by name', () => {
    const registry = createRegistry(commands);
    expect(registry.list.map((c) => c.name)).toEqual([
      'why',
      'levels',
      'liqs',
      'status',
      'help',
      'digest',
      'alerts',
      'language',
    ]);
    expect(registry.find('why')).toBe(commands[0]);
    expect(registry.find('WHY')).toBeUndefined();
    expect(registry.find('nope')).toBeUndefined();
  });

  it('fails at start-up on a duplicate command name', () => {
    expect(() => createRegistry([...commands, { ...base, name: 'why' }])).toThrow(
      new CommandRegistryError('command "why" is defined twice; each command must be defined once'),
    );
  });

  it('fails on names or descriptions a platform would reject', () => {
    expect(() => createRegistry([{ ...base, name: 'Why' }])).toThrow(CommandRegistryError);
    expect(() => createRegistry([{ ...base, name: 'why-now' }])).toThrow(CommandRegistryError);
    expect(() => createRegistry([{ ...base, name: 'x'.repeat(33) }])).toThrow(CommandRegistryError);
    expect(() => createRegistry([{ ...base, description: 'x'.repeat(101) }])).toThrow(
      'description must be 3 to 100 characters',
    );
    expect(() =>
      createRegistry([
        {
          ...base,
          options: [
            { kind: 'flag', name: 'a', description: 'a' },
            { kind: 'flag', name: 'a', description: 'b' },
          ],
        },
      ]),
    ).toThrow('option "a" is defined twice');
    expect(() =>
      createRegistry([{ ...base, options: [{ kind: 'choice', name: 'w', description: 'w', choices: [] }] }]),
    ).toThrow('needs 1 to 25 choices');
  });
});

describe('generated command lists', () => {
  it('gives Discord one slash command per definition with typed options and Manage Server by default for moderator commands', () => {
    const json = discordCommandsJson(commands);
    expect(json.map((c) => [c.name, c.description])).toEqual(commands.map((c) => [c.name, c.description]));
    expect(json.map((c) => c.default_member_permissions)).toEqual(
      commands.map((c) => (c.access === 'moderators' ? '32' : null)),
    );
    expect(json[0]?.options).toEqual([
      {
        type: 3,
        name: 'coin',
        description: commands[0]?.options[0]?.description,
        required: false,
        max_length: 32,
        autocomplete: true,
      },
      { type: 5, name: 'full', description: commands[0]?.options[1]?.description, required: false },
      { type: 3, name: 'date', description: commands[0]?.options[2]?.description, required: false, max_length: 20 },
    ]);
  });

  it('gives Telegram a default menu without moderator commands and a full one for administrators and private chats', () => {
    const [everyone, admins, direct] = telegramMenus(commands);
    expect(everyone?.commands.map((c) => c.command)).toEqual(['why', 'levels', 'liqs', 'status', 'help']);
    expect(admins).toEqual({
      scope: 'all_chat_administrators',
      commands: commands.map((c) => ({ command: c.name, description: c.description })),
    });
    expect(direct?.scope).toBe('all_private_chats');
    expect(direct?.commands).toEqual(admins?.commands);
  });
});
