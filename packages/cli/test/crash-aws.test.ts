import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsSecretName } from '@dbpass/rotate/stores/aws';
import { startMoto } from '../../rotate/test/servers/moto-server.js';
import { crashSuite } from './crash-suite.js';

crashSuite('aws store (moto)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const moto = await startMoto();
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: moto.credentials,
    });
    return {
      store: `{ aws: { prefix: crash/, region: us-east-1, endpoint: ${JSON.stringify(moto.endpoint)} } }`,
      env: { AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey },
      // What an application does: the AWS SDK reading AWSCURRENT (named, as moto's unnamed read lags a stage move).
      plainCurrent: async (accountId) => {
        return (
          await client.send(
            new GetSecretValueCommand({ SecretId: awsSecretName('crash/', accountId), VersionStage: 'AWSCURRENT' }),
          )
        ).SecretString;
      },
      stop: () => moto.stop(),
    };
  },
});
