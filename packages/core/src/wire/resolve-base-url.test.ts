import { describe, expect, it } from 'vitest';
import type { ServiceDescriptor } from '../client/service-descriptor.js';
import { checkEndpoint, resolveBaseUrl } from './resolve-base-url.js';

const huawei: ServiceDescriptor = {
  name: 'taurusdb',
  title: 't',
  security: [],
  operations: {},
  servers: [
    {
      url: 'https://{endpointPrefix}.{region}.myhuaweicloud.com',
      variables: {
        region: { default: 'cn-north-4', enum: ['cn-north-4', 'ap-southeast-1', 'af-south-1'] },
        endpointPrefix: { default: 'gaussdb' },
      },
      'x-dbpass-region-variables': {
        'ap-southeast-1': { endpointPrefix: 'gaussdbformysql' },
        'af-south-1': { endpointPrefix: 'gaussdb-mysql' },
      },
    },
  ],
};
const oceanbase: ServiceDescriptor = {
  name: 'oceanbase',
  title: 'o',
  security: [],
  operations: {},
  servers: [
    { url: 'https://api-cloud.oceanbase.com', 'x-dbpass-region': 'intl' },
    { url: 'https://api-cloud-cn.oceanbase.com', 'x-dbpass-region': 'cn' },
  ],
};

describe('resolveBaseUrl', () => {
  it('uses the per-region host prefix', () => {
    expect(resolveBaseUrl(huawei, 'cn-north-4').href).toBe('https://gaussdb.cn-north-4.myhuaweicloud.com/');
    expect(resolveBaseUrl(huawei, 'ap-southeast-1').href).toBe(
      'https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com/',
    );
    expect(resolveBaseUrl(huawei, 'af-south-1').href).toBe('https://gaussdb-mysql.af-south-1.myhuaweicloud.com/');
  });

  it('picks a fixed server by its region name', () => {
    expect(resolveBaseUrl(oceanbase, 'cn').href).toBe('https://api-cloud-cn.oceanbase.com/');
  });

  it('names the known regions when the region is unknown', () => {
    expect(() => resolveBaseUrl(huawei, 'mars-1')).toThrow(/cn-north-4, ap-southeast-1, af-south-1/);
  });
});

describe('checkEndpoint', () => {
  it('requires https except on loopback', () => {
    expect(checkEndpoint('http://127.0.0.1:8080').port).toBe('8080');
    expect(checkEndpoint('http://[::1]:8080').hostname).toBe('[::1]');
    expect(() => checkEndpoint('http://gaussdb.cn-north-4.myhuaweicloud.com')).toThrow(/https/);
  });

  it('takes a loopback address as written and localhost for the sender to check; nothing else', () => {
    expect(checkEndpoint('http://[::ffff:127.0.0.1]:8080').port).toBe('8080');
    expect(checkEndpoint('http://localhost:8080').hostname).toBe('localhost');
    expect(() => checkEndpoint('http://10.0.0.1:8080')).toThrow(/10\.0\.0\.1 is not a loopback address/);
    expect(() => checkEndpoint('http://localhost.example.com')).toThrow(/https/);
  });
});
