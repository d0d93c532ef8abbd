/**
 * Fake credentials for the content tests, assembled at run time from pieces so that no scanner
 * (ours included) flags this repository. None of these is, or was, a real credential.
 */
import { base62Checksum } from '../../server/src/engine/content/secrets';

const rep = (s: string, n: number) => s.repeat(n);
/** A GitHub/npm-style token: 30 random characters and their base62 CRC32, as the providers mint them. */
export const withChecksum = (prefix: string, body30: string) => prefix + body30 + base62Checksum(body30);

export const SAMPLES = {
  github: withChecksum('gh' + 'p_', rep('A1b2', 7) + 'A1'),
  githubFine: 'github' + '_pat_' + rep('Ab3d', 20) + 'Q9',
  npm: withChecksum('np' + 'm_', rep('a1B2', 7) + 'a1'),
  awsSecret: rep('k9Zq/w2+Rt', 4),
  slack: 'xo' + 'xb-' + '1234567890-' + 'abcdefABCDEF12',
  openai: 'sk-' + 'proj-' + rep('a1B2c3D4e5', 7) + 'a1B2' + 'T3Blbk' + 'FJ' + rep('Z9y8X7w6V5', 7) + 'Z9y8',
  anthropic: 'sk-ant-' + 'api03-' + rep('Qw3_rT5-yU', 9) + 'Qw3_r' + 'AA',
  anthropicAdmin: 'sk-ant-' + 'admin01-' + rep('Pk2_mN7-zX', 9) + 'Pk2' + 'AA',
  anthropicOauth: 'sk-ant-' + 'oat01-' + rep('Lm4_Hj8-Df', 9) + 'Lm4_H',
  sendgrid: 'S' + 'G.' + rep('aB3', 7) + 'c' + '.' + rep('Xy9Zw8', 7) + 'Q',
  shopify: 'shp' + 'at_' + rep('0a1b2c3d', 4),
  linear: 'lin_' + 'api_' + rep('Mn5Op6Qr7S', 4),
  huggingface: 'h' + 'f_' + rep('AbCdEfGhIjKlMnOpQ', 2),
  gitlab: 'gl' + 'pat-' + rep('R2d2C3po', 3),
  basicAuthUrl: 'https://' + 'deploybot' + ':' + 'Hunter2Pass9' + '@git.acme.com/repo.git',
  postgresUrl: 'postgres://' + 'admin:' + 'S3cretPw9x' + '@db.acme.io:5432/app',
  privateKey:
    '-----BEGIN RSA PRIV' + 'ATE KEY-----\n' +
    'MI' + rep('IEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 3).match(/.{1,64}/g)!.join('\n') +
    '\n-----END RSA PRIV' + 'ATE KEY-----',
} as const;

/** Not secrets on their own (secretlint reports AWS key ids only with `enableIDScanRule`). */
export const AWS_ACCESS_KEY_ID = 'AK' + 'IA' + 'Q7RT2XWZ5MN3KP4L';
