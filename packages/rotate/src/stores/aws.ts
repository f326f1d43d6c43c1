export { AwsSecretsManagerStore, type AwsStoreOptions } from './aws/aws-store.js';
