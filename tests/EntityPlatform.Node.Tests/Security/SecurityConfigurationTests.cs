using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Security;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>Bad security configuration fails at start with an error naming the field or option and what was expected.</summary>
public sealed class SecurityConfigurationTests
{
    private static readonly string[] Types = ["counter", "accounts"];
    private static readonly string[] Required = ["--node-id", "1", "--data", "/tmp/d", "--cluster", "/tmp/c.json", "--grpc-port", "7001", "--internal-port", "7501", "--http-port", "8001"];

    [Fact]
    public void Tls_dir_and_insecure_together_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => NodeOptions.Parse([.. Required, "--tls-dir", "/tmp/tls", "--insecure"]));

        Assert.Contains("--tls-dir and --insecure", error.Message);
    }

    [Fact]
    public void Tls_dir_and_insecure_are_parsed()
    {
        Assert.Equal("/tmp/tls", NodeOptions.Parse([.. Required, "--tls-dir", "/tmp/tls"]).TlsDirectory);
        Assert.True(NodeOptions.Parse([.. Required, "--insecure"]).Insecure);
        Assert.Null(NodeOptions.Parse(Required).TlsDirectory);
    }

    [Theory]
    [InlineData("not a domain", "security.trustDomain")]
    [InlineData("", "security.trustDomain")]
    public void A_bad_trust_domain_is_named(string trustDomain, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterSecurity { TrustDomain = trustDomain }.Validate(Types));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void A_token_issuer_without_keys_is_named()
    {
        var security = new ClusterSecurity
        {
            TrustDomain = "a.local",
            Tokens = [new TokenIssuer { Issuer = "https://i", Audience = "a", PublicKeys = [] }],
        };

        var error = Assert.Throws<ArgumentException>(() => security.Validate(Types));

        Assert.Contains("security.tokens[0].publicKeys", error.Message);
    }

    [Fact]
    public void A_token_key_that_is_not_a_public_key_is_named()
    {
        var security = new ClusterSecurity
        {
            TrustDomain = "a.local",
            Tokens = [new TokenIssuer { Issuer = "https://i", Audience = "a", PublicKeys = ["hello"] }],
        };

        var error = Assert.Throws<ArgumentException>(() => security.Validate(Types));

        Assert.Contains("security.tokens[0].publicKeys[0]", error.Message);
    }

    [Theory]
    [InlineData("carts", "command", "security.access[0].entityType")]
    [InlineData("counter", "delete", "security.access[0].actions")]
    public void A_bad_access_rule_is_named(string entityType, string action, string field)
    {
        var security = new ClusterSecurity
        {
            TrustDomain = "a.local",
            Access = [new AccessRule { EntityType = entityType, Actions = [action], Clients = ["app"] }],
        };

        var error = Assert.Throws<ArgumentException>(() => security.Validate(Types));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void An_access_rule_that_grants_nobody_is_refused()
    {
        var security = new ClusterSecurity { TrustDomain = "a.local", Access = [new AccessRule { EntityType = "counter", Actions = ["query"] }] };

        var error = Assert.Throws<ArgumentException>(() => security.Validate(Types));

        Assert.Contains("grants nobody", error.Message);
    }

    [Fact]
    public void Access_rules_grant_per_type_and_action_and_wildcards_match_any_caller_of_a_kind()
    {
        var policy = AccessPolicy.FromRules(
        [
            new AccessRule { EntityType = "counter", Actions = ["command"], Roles = ["writer"] },
            new AccessRule { EntityType = "counter", Actions = ["query"], Clients = ["*"] },
        ], Types);
        var writer = CallerIdentity.FromToken("svc", ["writer"]);
        var app = CallerIdentity.FromCertificate(CertificateIdentity.ForClient("app"));

        Assert.True(policy.Allows(writer, "counter", EntityAction.Command));
        Assert.False(policy.Allows(writer, "counter", EntityAction.Query));
        Assert.True(policy.Allows(app, "counter", EntityAction.Query));
        Assert.False(policy.Allows(app, "counter", EntityAction.Command));
        Assert.False(policy.Allows(app, "accounts", EntityAction.Query));
        Assert.True(policy.Allows(CallerIdentity.FromCertificate(CertificateIdentity.ForNode(2)), "accounts", EntityAction.Command));
    }

    [Fact]
    public void Token_lifetime_is_judged_on_the_given_clock_with_a_minute_of_skew()
    {
        var now = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

        Assert.True(CallAuthenticator.LifetimeHolds(now.AddMinutes(-5), now.AddSeconds(30), now));
        Assert.True(CallAuthenticator.LifetimeHolds(now.AddMinutes(-5), now.AddSeconds(-30), now)); // within skew
        Assert.False(CallAuthenticator.LifetimeHolds(now.AddMinutes(-5), now.AddMinutes(-2), now));
        Assert.False(CallAuthenticator.LifetimeHolds(now.AddMinutes(2), now.AddMinutes(10), now));
        Assert.False(CallAuthenticator.LifetimeHolds(null, null, now));
    }
}
