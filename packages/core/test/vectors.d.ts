/** The AK/SK vectors of docs/reference/vectors/huawei-aksk.json (published by Huawei, or derived and marked so). */
export interface SigningVector {
    name: string;
    source: string;
    published: boolean;
    request: {
        method: string;
        url: string;
        headers: Record<string, string>;
        body: string;
    };
    ak: string;
    sk: string;
    signedHeaders: string;
    hashedCanonicalRequest?: string;
    payloadHash?: string;
    signature: string;
}
export declare const vectorsFile: any;
export declare const signingVectors: SigningVector[];
