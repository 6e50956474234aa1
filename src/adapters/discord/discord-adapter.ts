// The Discord adapter (discord.js): registers the slash commands, turns each interaction into a command run,
// answers within Discord's 3 s by deferring first, then edits the reply with the embed (and files).
import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  Status,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Logger } from 'pino';
import type { RunningAdapter } from '../adapter.ts';
import { type Dispatcher, errorNotice, type InvocationContext } from '../dispatcher.ts';
import { discordCommandsJson } from './command-json.ts';
import { createDiscordPoster } from './discord-poster.ts';
import { serveAutocomplete } from './autocomplete.ts';
import { servePress } from './presses.ts';
import { renderDiscordReply } from './render-discord.ts';
import { ReplyLimit, type ReplyLimits } from '../reply-limit.ts';
import { type DiscordSharding, shardClientOptions } from './sharding.ts';

/** How long the adapter waits for the gateway's READY by default, ms. */
export const DEFAULT_READY_TIMEOUT_MS = 30_000;

/** Settings of the Discord adapter. */
export interface DiscordOptions {
  token: string;
  /** Application id for registration; defaults to the one READY reports. */
  appId?: string;
  /** Register commands in this guild only (instant, for testing servers) instead of globally. */
  guildId?: string;
  /** REST base URL, e.g. `https://discord.com/api` or a REST proxy. */
  apiUrl: string;
  dispatcher: Dispatcher;
  logger: Logger;
  /** How long to wait for the gateway's READY after logging in, ms (default DEFAULT_READY_TIMEOUT_MS); then the start fails (and is retried). */
  readyTimeoutMs?: number;
  /** Replies in progress per channel and in all; past them a command gets a short private "busy" answer. */
  replyLimits?: ReplyLimits;
  /** Gateway shards this process runs; unset: one unsharded connection. Only the process with shard 0 registers commands. */
  sharding?: DiscordSharding;
}

function invocationContext(interaction: ChatInputCommandInteraction): InvocationContext {
  const inGuild = interaction.inGuild();
  return {
    platform: 'discord',
    user: { id: interaction.user.id, name: interaction.user.username },
    chat: { id: interaction.channelId, kind: inGuild ? 'group' : 'direct' },
    // A post in a server channel follows the server's preferred locale; a DM, the user's own.
    locale: inGuild ? (interaction.guildLocale ?? undefined) : interaction.locale,
    // In a DM the user is in charge of their own conversation.
    isModerator: async () => !inGuild || interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true,
  };
}

function optionValues(interaction: ChatInputCommandInteraction): Record<string, unknown> {
  return Object.fromEntries(interaction.options.data.map((o) => [o.name, o.value]));
}

/** Log in, register the commands and serve interactions until stopped. Rejects when login fails. */
export async function startDiscordAdapter(options: DiscordOptions): Promise<RunningAdapter> {
  const { dispatcher, logger } = options;
  const log = logger.child({ adapter: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl },
    allowedMentions: { parse: [] },
    ...shardClientOptions(options.sharding),
  });

  const serve = async (interaction: ChatInputCommandInteraction) => {
    const context = invocationContext(interaction);
    const where = {
      command: interaction.commandName,
      guild: interaction.guildId,
      channel: interaction.channelId,
      interaction: interaction.id,
    };
    const command = dispatcher.registry.find(interaction.commandName);
    const refusal =
      command === undefined
        ? errorNotice('I no longer know this command. Try /help.', true)
        : await dispatcher.refusal(command, context);
    if (refusal !== undefined || command === undefined) {
      const [message] = renderDiscordReply(refusal ?? errorNotice('Unknown command.', true)).messages;
      await interaction.reply({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
      log.info(where, 'command refused');
      return;
    }
    await interaction.deferReply();
    const reply = await dispatcher.execute(command, { values: optionValues(interaction) }, context);
    if (reply.kind === 'notice' && (reply.tone === 'error' || reply.private === true)) {
      // A deferred reply is public and cannot become ephemeral: an error (or a private notice) replaces it with an
      // ephemeral follow-up, seen only by the person who asked. Deleting first keeps the follow-up its own message.
      const [message] = renderDiscordReply(reply).messages;
      await interaction.deleteReply();
      await interaction.followUp({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
      return;
    }
    const [first, ...rest] = renderDiscordReply(reply).messages;
    await interaction.editReply({
      ...(first.content === undefined ? {} : { content: first.content }),
      embeds: first.embeds,
      files: first.files,
      components: first.components,
    });
    for (const message of rest)
      await interaction.followUp({ embeds: message.embeds, files: message.files, components: message.components });
  };

  // Replies in progress, so stop() can let them finish; once stopping, new commands get a short notice.
  const inFlight = new Set<Promise<void>>();
  const limit = new ReplyLimit(options.replyLimits);
  let stopping = false;
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    let work: Promise<void>;
    let release: (() => void) | undefined;
    if (interaction.isChatInputCommand()) {
      release = stopping ? undefined : limit.tryStart(interaction.channelId);
      work = stopping
        ? refuseWhileStopping(interaction)
        : release === undefined
          ? refuseWhileBusy(interaction)
          : serve(interaction);
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) work = servePress(interaction, dispatcher);
    else if (interaction.isAutocomplete()) work = serveAutocomplete(interaction, dispatcher);
    else return;
    const job = work
      .catch((err: unknown) => {
        const command = interaction.isCommand() ? interaction.commandName : 'button';
        log.error(
          { err, command, guild: interaction.guildId, channel: interaction.channelId },
          'could not answer an interaction',
        );
      })
      .finally(() => {
        release?.();
        inFlight.delete(job);
      });
    inFlight.add(job);
  });
  const refuseWhileBusy = async (interaction: ChatInputCommandInteraction) => {
    log.warn(
      {
        command: interaction.commandName,
        channel: interaction.channelId,
        inChannel: limit.inChat(interaction.channelId),
        inFlight: limit.inFlight,
      },
      'too many replies in progress: command refused',
    );
    const [message] = renderDiscordReply(
      errorNotice(dispatcher.uiForTag(invocationContext(interaction).locale).t('error.busy'), true),
    ).messages;
    await interaction.reply({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
  };
  const refuseWhileStopping = async (interaction: ChatInputCommandInteraction) => {
    const [message] = renderDiscordReply(
      errorNotice(dispatcher.uiForTag(invocationContext(interaction).locale).t('error.restarting'), true),
    ).messages;
    await interaction.reply({ embeds: message.embeds, flags: MessageFlags.Ephemeral });
  };
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err, shard) => log.warn({ err, shard }, 'discord gateway error'));

  // READY is listened for before logging in (it can arrive while login() is still running). The wait and its
  // timer belong to this try: when login fails first, the wait is ended with it, so its time-out can never
  // reject later with nobody listening (that ended the process while start-up was being retried).
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const readyAbort = new AbortController();
  const readyTimer = setTimeout(
    () =>
      readyAbort.abort(
        new DOMException(`no READY from the Discord gateway within ${readyTimeoutMs} ms`, 'TimeoutError'),
      ),
    readyTimeoutMs,
  );
  const ready = once(client, Events.ClientReady, { signal: readyAbort.signal });
  ready.catch(() => undefined); // awaited below; a failed login ends it unawaited
  try {
    await client.login(options.token);
    await ready;
  } catch (err) {
    readyAbort.abort();
    await client.destroy();
    throw err;
  } finally {
    clearTimeout(readyTimer);
  }

  const appId = options.appId ?? client.application?.id;
  const body = discordCommandsJson(dispatcher.registry.list, dispatcher.languages);
  if (!client.ws.shards.has(0)) {
    // Commands are the application's, not a shard's: one process registering them is enough.
    log.info({ shards: [...client.ws.shards.keys()] }, 'slash commands left to the process running shard 0');
  } else if (appId === undefined) {
    log.error('no application id: set DISCORD_APP_ID; slash commands were not registered');
  } else {
    const route =
      options.guildId === undefined
        ? Routes.applicationCommands(appId)
        : Routes.applicationGuildCommands(appId, options.guildId);
    try {
      await client.rest.put(route, { body });
      log.info({ count: body.length, guild: options.guildId ?? 'global' }, 'slash commands registered');
    } catch (err) {
      log.error(
        { err, guild: options.guildId ?? 'global' },
        'could not register slash commands; serving the ones already registered',
      );
    }
  }

  let stopped: Promise<void> | undefined;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  return {
    name: 'discord',
    finished,
    poster: createDiscordPoster(client),
    connected: () => !stopping && client.isReady() && client.ws.shards.every((shard) => shard.status === Status.Ready),
    stop() {
      stopping = true;
      stopped ??= Promise.allSettled([...inFlight])
        .then(() => client.destroy())
        .then(resolveFinished);
      return stopped;
    },
  };
}
