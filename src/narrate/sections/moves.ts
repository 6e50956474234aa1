// Context for the moves: each coin, the headline move, the basket, and who "the market" is.
import type { CoinFacts, Facts } from '../../analyse/facts.ts';
import type { FigureBook } from '../figure-book.ts';
import { isDown, isUp } from './shared.ts';

/** How many other coins the short form lists by name. */
export const SHORT_FORM_MAX_OTHERS = 10;

/** One coin's printed price and change, and which way it went. */
export function coinCtx(c: CoinFacts, book: FigureBook) {
  const change = book.text(c.change24h);
  const down = isDown(c.change24h, change);
  const up = isUp(c.change24h, change);
  return {
    coin: c.coin,
    name: book.words.coin(c.coin),
    price: book.text(c.price),
    change,
    change_abs: book.text(c.change24h, 'abs'),
    known: change !== null,
    down,
    up,
    flat: change !== null && !down && !up,
    ratio: book.text(c.ratioToBenchmark, 'abs'),
    beta: book.text(c.beta),
    corr: book.text(c.correlation),
    moved_more: c.movedMore,
  };
}

/** The moves part of the context. */
export function movesCtx(f: Facts, form: 'short' | 'full', book: FigureBook) {
  const focus = coinCtx(f.focus, book);
  const coins = f.coins.map((c) => coinCtx(c, book));
  const bench = f.benchmark && f.benchmark.coin !== f.focus.coin ? coinCtx(f.benchmark, book) : null;
  const alts = f.scope.kind === 'market' ? coins.filter((c) => c.coin !== f.focus.coin && c.known) : [];
  const othersAll =
    f.scope.kind === 'market' ? coins.filter((c) => c.coin !== f.focus.coin && (c.known || c.price)) : [];
  // The short form must fit one embed and one message whatever the configured coin list: name at most ten others.
  const others = form === 'short' ? othersAll.slice(0, SHORT_FORM_MAX_OTHERS) : othersAll;
  const altsMore = alts.filter((c) => c.moved_more);

  const moveText = book.text(f.move);
  const isBasket = f.move?.id === 'basket.change24h' && !!f.basket && f.basket.coins.length >= 2;
  const moveCoin = isBasket
    ? undefined
    : f.move?.id === 'basket.change24h'
      ? f.basket?.coins[0]
      : f.move?.id.replace(/\.change24h$/, '');
  const who = isBasket
    ? book.words.t('subject.market')
    : f.scope.kind === 'coin'
      ? f.scope.coin
      : book.words.coin(moveCoin ?? f.focus.coin);
  const move = moveText
    ? {
        text: moveText,
        abs: book.text(f.move, 'abs'),
        basket: isBasket,
        focus: !isBasket && moveCoin === f.focus.coin,
        who,
        who_cap: who.charAt(0).toLocaleUpperCase(book.words.locale) + who.slice(1),
      }
    : null;
  // "It" when the headline already named the one coin the move is about.
  const it = move ? (isBasket ? move.who_cap : book.words.t('subject.it')) : null;
  const basket =
    f.basket && isBasket
      ? {
          coins: book.words.list(f.basket.coins),
          equal: f.basket.equalWeights,
          missing: f.basket.missing.length ? book.words.list(f.basket.missing) : null,
        }
      : null;
  // "Crypto" only when more than one coin's data stands behind the move; otherwise the coin's own name.
  // (A market article with no move at all says "crypto" only to say that nothing could be fetched for the coins.)
  const noData = !move && f.scope.kind === 'market' && f.coins.length >= 2;
  const subject =
    isBasket || noData
      ? book.words.t('subject.crypto')
      : book.words.coin(f.scope.kind === 'coin' ? f.scope.coin : (moveCoin ?? f.focus.coin));
  return {
    focus,
    coins,
    bench: bench ?? (f.scope.kind === 'market' ? focus : null),
    alts,
    others,
    alts_more: altsMore,
    alts_any_more: altsMore.length > 0,
    alts_most_more: alts.length > 0 && altsMore.length * 2 >= alts.length,
    move: move ? { ...move, it } : null,
    basket,
    subject,
    subject_cap: subject.charAt(0).toLocaleUpperCase(book.words.locale) + subject.slice(1),
  };
}
