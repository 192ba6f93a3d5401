// A real OpenID Connect provider for the dashboard's sign-in tests (oidc-provider, run by node).
// Usage: node provider.mjs <port> <dashboard base URL> <client secret>
// Listens on 127.0.0.1:<port>, knows one client (the dashboard) and three users, and signs them in
// through its development login and consent forms (any password). Prints "listening" when ready.
import Provider from 'oidc-provider';

const [port, dashboard, secret] = process.argv.slice(2);
if (!port || !dashboard || !secret) {
  console.error('usage: node provider.mjs <port> <dashboard base URL> <client secret>');
  process.exit(2);
}

// The role claim's values: the dashboard maps dash-viewers and dash-ops; other-team grants nothing.
const users = {
  viewer: { name: 'Vera Viewer', roles: ['dash-viewers'] },
  operator: { name: 'Otto Operator', roles: ['dash-ops', 'dash-viewers'] },
  outsider: { name: 'Olga Outsider', roles: ['other-team'] },
};

const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'dashboard',
    client_secret: secret,
    redirect_uris: [`${dashboard}/signin-oidc`],
    post_logout_redirect_uris: [`${dashboard}/signout-callback-oidc`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // roles rides with the openid scope, so every sign-in carries it (as Entra ID's app roles do).
  claims: { openid: ['sub', 'roles'], profile: ['name', 'preferred_username'] },
  findAccount: (ctx, id) => users[id] && {
    accountId: id,
    claims: () => ({ sub: id, preferred_username: id, ...users[id] }),
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['test-provider-cookie-key-0123456789'] },
});

const server = provider.listen(Number(port), '127.0.0.1', () => console.log('listening'));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test owns this process: when it goes away (stdin closes), so does the provider.
process.stdin.on('end', stop);
process.stdin.resume();
