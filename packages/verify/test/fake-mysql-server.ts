// A server that speaks just enough of the MySQL protocol to ask a client for its password the ways an impostor
// would: a handshake, an AuthSwitchRequest to the plugin under test, the RSA public key it made itself when the
// client asks for one, then OK. It keeps everything the client sent, RSA-encrypted parts decrypted.
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

export type FakeMysqlScript =
  /** AuthSwitchRequest to mysql_clear_password: the reply is the password itself. */
  | 'clear-password'
  /** AuthSwitchRequest to sha256_password: the password in clear over TLS, or encrypted to our key. */
  | 'sha256-password'
  /** caching_sha2_password, answering the scramble with "perform full authentication" (0x01 0x04). */
  | 'caching-sha2-full'
  /** caching_sha2_password, answering the scramble with "fast authentication succeeded" (0x01 0x03). */
  | 'caching-sha2-fast';

export interface FakeMysqlServer {
  readonly port: number;
  /** Every payload a client sent, and the plaintext of what it encrypted to this server's RSA key. */
  readonly received: Buffer[];
  /** Whether any of it holds `secret`. */
  heard(secret: string): boolean;
  close(): Promise<void>;
}

interface Packet {
  readonly seq: number;
  readonly payload: Buffer;
}

const CLIENT_SSL = 0x800;
const CAPABILITIES = 0x1 | 0x4 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x80000 | 0x100000 | 0x200000; // LONG_PASSWORD ... PLUGIN_AUTH_LENENC_CLIENT_DATA
const OK = Buffer.from([0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]);

/** MySQL packets from a stream, in order; `undefined` once it closed. */
function packetReader(stream: Duplex) {
  let buffer = Buffer.alloc(0);
  const queue: Packet[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 4 && buffer.length >= 4 + buffer.readUIntLE(0, 3)) {
      const length = buffer.readUIntLE(0, 3);
      queue.push({ seq: buffer[3]!, payload: buffer.subarray(4, 4 + length) });
      buffer = buffer.subarray(4 + length);
    }
    wake?.();
  };
  const onClose = () => {
    closed = true;
    wake?.();
  };
  stream.on('data', onData);
  stream.once('close', onClose);
  return {
    async next(): Promise<Packet | undefined> {
      while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
      return queue.shift();
    },
    /** Stops reading, and gives back what arrived after the last packet (a TLS ClientHello after an SSLRequest). */
    detach(): Buffer {
      stream.off('data', onData);
      stream.off('close', onClose);
      return buffer;
    },
  };
}

function initialHandshake(scramble: Buffer, plugin: string, tls: boolean): Buffer {
  const capabilities = CAPABILITIES | (tls ? CLIENT_SSL : 0);
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  fixed.writeUInt32LE(7, 0); // connection id
  scramble.copy(fixed, 4, 0, 8);
  fixed.writeUInt16LE(capabilities & 0xffff, 13);
  fixed[15] = 255; // utf8mb4
  fixed.writeUInt16LE(2, 16); // autocommit
  fixed.writeUInt16LE(capabilities >>> 16, 18);
  fixed[20] = 21; // scramble length, with its NUL
  return Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from('8.0.36-impostor\0'),
    fixed,
    scramble.subarray(8, 20),
    Buffer.from([0]),
    Buffer.from(`${plugin}\0`),
  ]);
}

export async function startFakeMysqlServer(options: {
  script: FakeMysqlScript;
  tls?: { key: Buffer; cert: Buffer };
}): Promise<FakeMysqlServer> {
  const received: Buffer[] = [];
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = Buffer.from(rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  const sockets = new Set<Socket>();

  async function converse(raw: Socket): Promise<void> {
    let stream: Duplex = raw;
    let reader = packetReader(raw);
    let seq = 0;
    const send = (payload: Buffer) => {
      const header = Buffer.alloc(4);
      header.writeUIntLE(payload.length, 0, 3);
      header[3] = seq;
      seq = (seq + 1) & 0xff;
      stream.write(Buffer.concat([header, payload]));
    };
    const receive = async () => {
      const packet = await reader.next();
      if (!packet) return undefined;
      received.push(Buffer.from(packet.payload));
      seq = (packet.seq + 1) & 0xff;
      return packet.payload;
    };
    /** The password from RSA-OAEP ciphertext, as MySQL's server reads it: decrypt, then undo the scramble XOR. */
    const decrypt = (ciphertext: Buffer, nonce: Buffer) => {
      const plain = privateDecrypt(
        { key: rsa.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        ciphertext,
      );
      received.push(Buffer.from(plain.map((byte, index) => byte ^ nonce[index % nonce.length]!)));
    };

    const initialPlugin = options.script.startsWith('caching-sha2') ? 'caching_sha2_password' : 'mysql_native_password';
    send(initialHandshake(randomBytes(20), initialPlugin, options.tls !== undefined));
    let response = await receive();
    if (!response) return;
    if (options.tls && response.length === 32 && (response.readUInt32LE(0) & CLIENT_SSL) !== 0) {
      // The ClientHello may have come with the SSLRequest: held unread (paused, not flowing to no one), a TLSSocket
      // starts from it.
      raw.pause();
      const early = reader.detach();
      if (early.length > 0) raw.unshift(early);
      stream = new TLSSocket(raw, { isServer: true, key: options.tls.key, cert: options.tls.cert });
      stream.on('error', () => {});
      reader = packetReader(stream);
      response = await receive();
      if (!response) return;
    }

    const nonce = randomBytes(20);
    const plugin = {
      'clear-password': 'mysql_clear_password',
      'sha256-password': 'sha256_password',
      'caching-sha2-full': 'caching_sha2_password',
      'caching-sha2-fast': 'caching_sha2_password',
    }[options.script];
    send(Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${plugin}\0`), nonce, Buffer.from([0])]));
    let reply = await receive();
    if (!reply) return;
    if (options.script === 'caching-sha2-fast') {
      send(Buffer.from([0x01, 0x03]));
    } else if (options.script === 'caching-sha2-full') {
      send(Buffer.from([0x01, 0x04]));
      reply = await receive();
      if (!reply) return;
    }
    // sha256_password asks for the key with 0x01, caching_sha2_password with 0x02.
    const keyRequest = options.script === 'sha256-password' ? 0x01 : 0x02;
    if (options.script !== 'clear-password' && reply.length === 1 && reply[0] === keyRequest) {
      send(Buffer.concat([Buffer.from([0x01]), publicKeyPem]));
      const ciphertext = await receive();
      if (!ciphertext) return;
      decrypt(ciphertext, nonce);
    }
    send(OK);
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
    converse(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the fake server has no port');
  return {
    port: address.port,
    received,
    heard: (secret) => received.some((payload) => payload.includes(Buffer.from(secret, 'utf8'))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
