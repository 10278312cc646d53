import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test support: a fresh self-signed RSA certificate and its key, made by the openssl command (Node can
 * read certificates but not make them), valid from now for two days.
 */
export function selfSignedCertificate(
  commonName: string,
  altNames: readonly string[] = [],
): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'loopline-cert-'));
  try {
    const san = altNames.length > 0 ? ['-addext', `subjectAltName=${altNames.join(',')}`] : [];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        ...san,
      ],
      { stdio: 'ignore' },
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
