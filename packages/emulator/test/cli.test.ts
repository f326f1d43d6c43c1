// The dbpass-emulator command: starts on the given port on 127.0.0.1, answers in each cloud's format,
// and stops on SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../src/engines/child-process.js';

describe('dbpass-emulator', () => {
  it('serves both clouds on a fixed port and exits on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, '../bin/dbpass-emulator.js'), '--port', String(port)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(banner).toContain(`http://127.0.0.1:${port}`);
      const huawei = await fetch(
        `http://127.0.0.1:${port}/v3/0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b/instances/6f0d8b1c2a3e4f5061728394a5b6c7d8in07/password`,
        { method: 'POST', body: '{}' },
      );
      expect(huawei.status).toBe(401);
      expect(await huawei.json()).toMatchObject({ error_code: 'APIGW.0301' });
      const oceanbase = await fetch(
        `http://127.0.0.1:${port}/api/v2/instances/i/tenants/t/tenantUsers/u/password?requestId=x`,
        { method: 'PUT', body: '{}' },
      );
      expect(oceanbase.status).toBe(401);
      expect(oceanbase.headers.get('www-authenticate')).toMatch(
        /^Digest realm="OceanBase Cloud", qop="auth", algorithm=MD5/,
      );
      expect(await oceanbase.json()).toMatchObject({ success: false });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
