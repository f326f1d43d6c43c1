import { randomBytes } from 'node:crypto';
import type { EmulatorRequest, Reply } from '../http.js';
import { seed } from '../seed.js';

export interface IssuedToken {
  readonly projectId: string;
  readonly expiresAt: number;
}

const keystoneError = (status: number, message: string): Reply => ({
  status,
  body: {
    error: { code: status, message, title: status === 401 ? 'Unauthorized' : 'Bad Request' },
    error_code: status === 401 ? 'IAM.0001' : 'IAM.0002',
    error_msg: message,
  },
});

/** IAM KeystoneCreateUserTokenByPassword: 201 with the token in X-Subject-Token. */
export class IamService {
  readonly tokens = new Map<string, IssuedToken>();
  issuedCount = 0;

  constructor(private readonly options: { tokenTtlMs: number; now: () => number }) {}

  createToken(request: EmulatorRequest): Reply {
    // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body, read field by field below
    let body: any;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return keystoneError(400, 'The request body is not JSON.');
    }
    const identity = body?.auth?.identity;
    const user = identity?.password?.user;
    if (!Array.isArray(identity?.methods) || !identity.methods.includes('password') || typeof user?.name !== 'string') {
      return keystoneError(400, 'The request body is invalid.');
    }
    const h = seed.huawei;
    if (user.domain?.name !== h.domainName || user.name !== h.iamUser.name || user.password !== h.iamUser.password) {
      return keystoneError(401, 'The username or password is wrong.');
    }
    const project = body?.auth?.scope?.project;
    const projectId = project?.id ?? (project?.name === h.region ? h.projectId : undefined);
    if (projectId !== h.projectId)
      return keystoneError(400, "The project in the scope does not exist or is not the user's.");
    const now = this.options.now();
    const token = `MIIT${randomBytes(48).toString('base64url')}`;
    const expiresAt = now + this.options.tokenTtlMs;
    this.tokens.set(token, { projectId, expiresAt });
    this.issuedCount += 1;
    return {
      status: 201,
      headers: { 'X-Subject-Token': token },
      body: {
        token: {
          expires_at: new Date(expiresAt).toISOString().replace('Z', '000Z'),
          issued_at: new Date(now).toISOString().replace('Z', '000Z'),
          methods: ['password'],
          project: { id: projectId, name: h.region, domain: { name: h.domainName } },
          user: { name: h.iamUser.name, domain: { name: h.domainName } },
        },
      },
    };
  }
}
