import { expect, it } from 'vitest';
import { readRequestTarget } from '../../src/emulator/wire/request-target.js';

const base = 'http://emulator.invalid';

/** What `new URL` reads, as the door and the emulator read a request target before. */
function urlReading(target: string) {
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    url = new URL('/', base);
  }
  return { pathname: url.pathname, search: url.search, query: [...url.searchParams] };
}

function reading(target: string) {
  const read = readRequestTarget(target, base);
  return { pathname: read.pathname, search: read.search, query: [...read.searchParams] };
}

it('reads every request target as new URL() reads it: its path, its query and its search parameters', () => {
  const targets = [
    '/',
    '/register/token',
    '/Register/Token/',
    '/credentials/list?userId=42',
    '/credentials/list?userId=a%40b&userId=c+d&x',
    '/a?',
    '/a??b',
    '/a?b=/../c',
    '/a/./b',
    '/a/../b',
    '/a/..',
    '/a/.',
    '/a/.b/c..d/...',
    '/a/%2e%2E/b',
    '/a/%2e/b',
    '/a%20b',
    '/a b',
    '/a\\b',
    '/a#fragment',
    '/a?b#c',
    "/a?it's",
    '/a?x="y"',
    '/a?<b>',
    '/a|b^c',
    '/a{b}`c',
    '/über?ä=ö',
    '//evil.example/path',
    'http://other.example/x?y',
    '*',
    '',
    'relative',
    '/a\tb',
    '/__mock/state?secrets=include',
    '/__mock/ui',
    '/e/ok/register/token',
    '/openapi.json',
  ];
  for (const target of targets) expect(reading(target), target).toEqual(urlReading(target));
});

it('reads random targets of URL-significant characters as new URL() does', () => {
  const alphabet = ['/', '/', '.', '..', '?', '&', '=', '%', '%2e', '#', 'a', 'B', '~', '-', '_', ' ', '\\', '@', ':'];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let i = 0; i < 5000; i++) {
    let target = '/';
    const length = next() % 12;
    for (let j = 0; j < length; j++) target += alphabet[next() % alphabet.length];
    expect(reading(target), target).toEqual(urlReading(target));
  }
});
