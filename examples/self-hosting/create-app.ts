// Create an app for a new tenant. Its four keys are shown this once (the server keeps only hashes of the secrets): put
// them in your secret store straight away. The call is sent once, never retried: if its answer is lost, create new
// keys for the app with /secret-keys and /public-keys.
import { management } from './create-management-client.js';

export interface NewApp {
  apiSecret: string;
  apiKey: string;
}

export async function createApp(appId: string, adminEmail: string): Promise<NewApp> {
  const { data, error } = await management.POST('/admin/apps/{appId}/create', {
    params: { path: { appId } },
    body: { adminEmail },
  });
  // A taken id is a 409 with `errorCode: null`: the problem's title says which id.
  if (error?.status === 409) throw new Error(`Choose another app id: ${error.title}`);
  if (error) throw new Error(`Could not create ${appId} (${error.status}): ${error.title}`);
  return { apiSecret: data.apiSecret1, apiKey: data.apiKey1 };
}
