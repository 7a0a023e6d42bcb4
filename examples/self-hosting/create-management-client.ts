// Create the management client once, in the admin tool or job that manages your server's apps.
import { createPasswordlessManagementClient } from '../../src/management.js';

export const management = createPasswordlessManagementClient({
  // Your server's PasswordlessManagement:ManagementKey setting. Never ship it to a browser.
  managementKey: process.env.PASSWORDLESS_MANAGEMENT_KEY,
  // Your server's API root (required: the key never goes to a default address). The mock: http://127.0.0.1:4010
  baseUrl: 'https://passwordless.example.com/api',
});
