// What JSON.parse found wrong, for a message: V8 quotes a piece of the text beside an unexpected token
// (`Unexpected token 'x', ..."4567890": x}" is not valid JSON`), and in a state or a body that piece may be part of a
// key or a signing secret. The message keeps what is wrong and where, never the text.

const quotedText = /, (?:\.\.\.)?".*" is not valid JSON$/s;

export function jsonErrorWithoutText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(quotedText, '');
}
