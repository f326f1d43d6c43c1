/** The secret name an account's passwords live under, for applications that read it. */

export { SecretShapeError } from './aws/aws-errors.js';
export { secretName as awsSecretName } from './aws/aws-names.js';
export { AwsSecretsManagerStore, type AwsStoreOptions } from './aws/aws-store.js';
