import { awsSecretName } from '@dbpass/rotate/stores/aws';
import { motoApplication, startMoto } from '../../rotate/test/servers/moto-server.js';
import { crashSuite } from './crash-suite.js';

crashSuite('aws store (moto)', {
  kills: 50,
  fleet: '1,6,1,1,2',
  store: async () => {
    const moto = await startMoto();
    // What applications do: boto3 reading AWSCURRENT of secrets kept as AWS's rotation templates keep them (JSON).
    const application = motoApplication(moto, { nameOf: (accountId) => awsSecretName('crash/', accountId) });
    return {
      store: `{ aws: { prefix: crash/, region: us-east-1, endpoint: ${JSON.stringify(moto.endpoint)} } }`,
      env: { AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey },
      application,
      stop: async () => {
        await application.close();
        await moto.stop();
      },
    };
  },
});
