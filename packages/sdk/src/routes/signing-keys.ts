// The tenant's token signing keys (its OAuth issuer's JWKS) and their rotation.
import { RotateKeysRequest, RotateKeysResponse, SigningKeyList } from '../contracts/agents.js';
import { route } from './route.js';

const tag = 'signing-keys';

export const signingKeyRoutes = {
  list: route({
    method: 'GET',
    path: '/api/v1/signing-keys',
    tag,
    access: 'read',
    summary: "The tenant's signing keys, its issuer and JWKS address",
    response: SigningKeyList,
  }),
  rotate: route({
    method: 'POST',
    path: '/api/v1/signing-keys/rotate',
    tag,
    access: 'write',
    summary: 'Rotate now: publish a new key, which signs once pre-published',
    body: RotateKeysRequest,
    response: RotateKeysResponse,
    status: 200,
    audit: { action: 'key.rotated' },
  }),
};
