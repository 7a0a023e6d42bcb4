// The `device` of a sign-in token: the server writes `<browser>, <OS> <OS major version>` as UAParser reads the
// User-Agent of the completing request ("Chrome, Mac OS X 10"). The mock knows the common browsers and systems, and
// writes `Other` for the rest, as UAParser does for what it does not recognise.
const browsers: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bHeadlessChrome\//, 'HeadlessChrome'],
  [/\bCriOS\//, 'Chrome Mobile iOS'],
  [/\bChrome\/.*\bMobile\b/, 'Chrome Mobile'],
  [/\bChrome\//, 'Chrome'],
  [/\bFxiOS\//, 'Firefox iOS'],
  [/\bFirefox\//, 'Firefox'],
  [/\bVersion\/[\d.]+ Mobile\/\S+ Safari\//, 'Mobile Safari'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const systems: [RegExp, (match: RegExpExecArray) => string][] = [
  [/\bWindows NT (\d+)/, (m) => `Windows ${m[1] === '6' ? '7' : m[1]}`],
  [/\b(?:iPhone|CPU) OS (\d+)/, (m) => `iOS ${m[1]}`],
  [/\bMac OS X (\d+)/, (m) => `Mac OS X ${m[1]}`],
  [/\bAndroid (\d+)/, (m) => `Android ${m[1]}`],
  [/\bCrOS\b/, () => 'Chrome OS '],
  [/\bUbuntu\b/, () => 'Ubuntu '],
  [/\bLinux\b/, () => 'Linux '],
];

export function deviceName(userAgent: string | undefined): string {
  const agent = userAgent ?? '';
  const browser = browsers.find(([pattern]) => pattern.test(agent))?.[1] ?? 'Other';
  for (const [pattern, name] of systems) {
    const match = pattern.exec(agent);
    if (match) return `${browser}, ${name(match)}`;
  }
  return `${browser}, Other `;
}
