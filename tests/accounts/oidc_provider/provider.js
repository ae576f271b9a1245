// A real OpenID Connect provider on loopback for tests/accounts/test_identity_provider.py: the
// registry's `oidc-provider` (the certified Node implementation), configured as a
// municipality's identity provider would be for Tillsammans. Nothing of Tillsammans is in it.
//
//   node provider.js PORT REDIRECT_URI POST_LOGOUT_REDIRECT_URI
//
// with the people it knows as JSON in TEST_ACCOUNTS: {"login": {"email": ..., "hsa_id": ...}}.
// It signs in with its own development sign-in form (any password), skips the consent screen
// as an identity provider does for the municipality's own services, and ends its session on
// RP-initiated logout. It prints "listening" once it answers.
import Provider from 'oidc-provider';

const [port, redirectUri, postLogoutRedirectUri] = process.argv.slice(2);
const accounts = JSON.parse(process.env.TEST_ACCOUNTS || '{}');
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'tillsammans',
      client_secret: 'tillsammans-test-secret',
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    hsa: ['hsa_id'],
  },
  scopes: ['openid', 'email', 'profile', 'hsa'],
  cookies: { keys: ['tillsammans-test-cookie-key'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) {
      return undefined;
    }
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...claims };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    await grant.save();
    return grant;
  },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log('listening');
});
