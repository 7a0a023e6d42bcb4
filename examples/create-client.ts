// Create the client once, where your backend starts.
import { createPasswordlessClient } from '../src/index.js';

export const passwordless = createPasswordlessClient({
  // `<appId>:secret:<32 hex digits>`, from the admin console. Never ship it to a browser.
  apiSecret: process.env.PASSWORDLESS_API_SECRET,
  // A self-hosted server serves the API under /api:
  // baseUrl: 'https://passwordless.example.com/api',
});
