import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionError,
  ServerError,
  ServiceError,
  ThrottlingError,
} from './errors.js';

/**
 * The error codes the reference lists for these operations (docs/reference/huawei.md d and f,
 * docs/reference/oceanbase.md 2), each with the class a caller can branch on. The code decides over the
 * HTTP status where they disagree (DBS.200824 "account does not exist" is sent as 400 but is a not-found;
 * DBS.280056 "invalid token" is sent as 403 but is an authentication failure).
 */
export const ERROR_CODES: Readonly<Record<string, typeof ServiceError>> = {
  // 400: parameters, passwords, instance state
  'DBS.200001': BadRequestError,
  'DBS.200004': BadRequestError,
  'DBS.280001': BadRequestError,
  'DBS.290000': BadRequestError,
  'DBS.200006': BadRequestError,
  'DBS.200052': BadRequestError,
  'DBS.280246': BadRequestError,
  'DBS.280203': BadRequestError,
  'DBS.280204': BadRequestError,
  'DBS.200086': BadRequestError,
  'DBS.201014': BadRequestError,
  'DBS.280404': BadRequestError,
  'DBS.280449': BadRequestError,
  'DBS.05000006': BadRequestError,
  'DBS.05000007': BadRequestError,
  'DBS.280292': BadRequestError,
  'DBS.200543': NotFoundError,
  'DBS.200824': NotFoundError,
  // 401 (API gateway, both prefixes) and token errors
  'APIGW.0301': AuthenticationError,
  'APIG.0301': AuthenticationError,
  'APIGW.0303': AuthenticationError,
  'APIG.0303': AuthenticationError,
  'DBS.280056': AuthenticationError,
  // 403
  'DBS.200010': PermissionError,
  'DBS.200604': PermissionError,
  'DBS.200044': PermissionError,
  'DBS.201003': PermissionError,
  'DBS.280015': PermissionError,
  // 404
  'DBS.200002': NotFoundError,
  'DBS.200045': NotFoundError,
  'DBS.200408': NotFoundError,
  'DBS.200602': NotFoundError,
  'DBS.290005': NotFoundError,
  'DBS.290011': NotFoundError,
  'DBS.290013': NotFoundError,
  'APIGW.0101': NotFoundError,
  'APIG.0101': NotFoundError,
  // 409: another operation is running, or the instance is faulty (transient)
  'DBS.200011': ConflictError,
  'DBS.200019': ConflictError,
  'DBS.200047': ConflictError,
  'DBS.201202': ConflictError,
  'DBS.212006': ConflictError,
  'DBS.280406': ConflictError,
  // 429
  'APIG.0308': ThrottlingError,
  'APIGW.0308': ThrottlingError,
  // 500
  'DBS.108000': ServerError,
  'DBS.108002': ServerError,
  'DBS.108005': ServerError,
  'DBS.200005': ServerError,
  'DBS.200208': ServerError,
  'DBS.213002': ServerError,
  'DBS.213004': ServerError,
  'DBS.290006': ServerError,
  'DBS.290015': ServerError,
  'DBS.05000000': ServerError,
  // OceanBase's one documented code
  E001R000: ServerError,
};

/** Codes that mean "busy, try again later": the request was not carried out. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['DBS.200011', 'DBS.200019', 'DBS.200047', 'DBS.201202', 'DBS.212006', 'DBS.280406', 'APIG.0308', 'APIGW.0308']);
