/** The browser's address, as server.mjs saw it on the socket (or from a trusted proxy). */
export const CLIENT_ADDRESS_HEADER = 'x-portcullis-client-address';
/** Proves to the API that the address header comes from this console (CONSOLE_PROXY_SECRET). */
export const PROXY_SECRET_HEADER = 'x-portcullis-proxy-secret';
