// Matches a request to an operation of the spec the way ASP.NET routing does: case-insensitive, a trailing slash
// ignored, a known path with another method is 405 (with Allow), anything else 404.
import type { OperationEntry } from './openapi-document.js';

export type RouteMatch =
  | { kind: 'operation'; entry: OperationEntry; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface Route {
  pattern: RegExp;
  parameterNames: string[];
  byMethod: Map<string, OperationEntry>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(template: string): { pattern: RegExp; parameterNames: string[] } {
  const parameterNames: string[] = [];
  const body = template
    .replace(/\/+$/, '')
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return escapeRegExp(part);
      parameterNames.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${body}/?$`, 'i'), parameterNames };
}

export function createRouter(operations: OperationEntry[]): (method: string, pathname: string) => RouteMatch {
  const routes = new Map<string, Route>();
  for (const entry of operations) {
    const key = entry.template.toLowerCase().replace(/\/+$/, '') || '/';
    const route = routes.get(key) ?? { ...compile(entry.template), byMethod: new Map() };
    route.byMethod.set(entry.method.toUpperCase(), entry);
    routes.set(key, route);
  }
  // Literal routes win over parameterised ones, as in ASP.NET.
  const ordered = [...routes.values()].sort((a, b) => a.parameterNames.length - b.parameterNames.length);

  return (method, pathname) => {
    for (const route of ordered) {
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      const entry = route.byMethod.get(method.toUpperCase());
      if (!entry) return { kind: 'method-not-allowed', allowed: [...route.byMethod.keys()] };
      const pathParams = Object.fromEntries(
        route.parameterNames.map((name, i) => [name, safeDecode(match[i + 1] ?? '')]),
      );
      return { kind: 'operation', entry, pathParams };
    }
    return { kind: 'not-found' };
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
