/**
 * The accounts, instances and users the emulator starts with. Fixed values, so that the demo, the tests
 * and a person trying `dbpass-emulator` by hand all know them. None of these is a real credential.
 */
export const seed = {
  huawei: {
    region: 'cn-north-4',
    domainName: 'dbpass-demo',
    iamUser: { name: 'rotator', password: 'Emulator-IAM-pass1' },
    projectId: '0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b',
    otherProjectId: '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    ak: 'DBPASSEMULATORAK0001',
    sk: 'emulatorSecretKey0001emulatorSecretKey01',
    /** Temporary AK/SK: valid only with their security token (X-Security-Token), as IAM's temporary credentials are. */
    temporary: {
      ak: 'DBPASSEMULATORTMPAK01',
      sk: 'emulatorTemporarySecret01emulatorTempSk1',
      securityToken: 'emulator-security-token-0001',
    },
    instances: {
      taurusdb: { id: '6f0d8b1c2a3e4f5061728394a5b6c7d8in07', name: 'taurus-prod-01' },
      starrocks: { id: '7a1e9c2d3b4f5a6071829304b5c6d7e8in16', name: 'htap-starrocks-01' },
      clickhouse: { id: '8b2fa03e4c5d6b7182930415c6d7e8f9in16', name: 'htap-clickhouse-01' },
    },
    dbUsers: [
      { name: 'app_user', host: '%' },
      { name: 'report_user', host: '10.10.10.%' },
    ],
    starrocksUsers: ['sr_analyst'],
    clickhouseUsers: ['ch_analyst'],
  },
  oceanbase: {
    accessKeyId: 'OBEMULATORAK0001',
    accessKeySecret: 'obEmulatorSecret0001',
    projectId: 'li15c8s987d2arse12345678',
    instanceId: 'obcluster-demo01',
    tenantId: 't4demo0001',
    users: ['app_user'],
  },
  /** Every seeded account starts with this password. */
  initialPassword: 'Initial_Passw0rd',
} as const;
