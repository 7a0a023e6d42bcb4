// .NET's TimeSpan as System.Text.Json reads and writes it (the "c" format): `[-][d.]hh:mm:ss[.fffffff]`.
const pattern = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/;

/** Whole seconds of a TimeSpan text, or undefined when System.Text.Json would refuse it. */
export function timeSpanSeconds(text: string): number | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const [, sign, days, hours, minutes, seconds, fraction] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const total =
    Number(days ?? 0) * 86_400 +
    Number(hours) * 3600 +
    Number(minutes) * 60 +
    Number(seconds) +
    Number(`0.${fraction ?? 0}`);
  return (sign ? -1 : 1) * total;
}
