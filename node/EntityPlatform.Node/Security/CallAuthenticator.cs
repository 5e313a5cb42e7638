using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace EntityPlatform.Node.Security;

/// <summary>
/// Finds out who made a call: a bearer token (checked by ASP.NET Core's JwtBearer handler against the
/// configured issuers) when the call carries one, else the TLS client certificate that Kestrel already
/// chained to the cluster's CA. Failures are sentences without any credential in them.
/// </summary>
internal sealed class CallAuthenticator(NodeSecurity security)
{
    /// <summary>The caller, or null with <paramref name="failure"/> saying why (never echoing the credential).</summary>
    public async Task<(CallerIdentity? Caller, string Failure)> AuthenticateAsync(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return await FromTokenAsync(http, authorization).ConfigureAwait(false);
        }

        if (http.Connection.ClientCertificate is not { } certificate)
        {
            return (null, "the call carries neither a client certificate nor a bearer token");
        }

        return CertificateIdentity.TryRead(certificate, security.TrustDomain, out var identity, out var error)
            ? (CallerIdentity.FromCertificate(identity!), "")
            : (null, $"the client certificate names no identity of this cluster ({error})");
    }

    private async Task<(CallerIdentity?, string)> FromTokenAsync(HttpContext http, string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the authorization header is not of the form 'Bearer <token>'");
        }

        if (security.Settings.Tokens is not { Count: > 0 })
        {
            return (null, "this cluster accepts no bearer tokens (security.tokens is empty); use a client certificate");
        }

        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return (null, $"the bearer token was refused: {Reason(result.Failure)}");
        }

        var principal = result.Principal!;
        var subject = principal.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            return (null, "the bearer token was refused: it has no 'sub' claim");
        }

        var roles = principal.FindAll("roles").Concat(principal.FindAll("role")).Select(claim => claim.Value).ToArray();
        return (CallerIdentity.FromToken(subject, roles), "");
    }

    // Library messages can quote token contents; only our own words go back to the caller.
    private static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException or SecurityTokenNoExpirationException => "it has expired, is not yet valid, or has no expiry",
        SecurityTokenInvalidIssuerException => "its issuer is not one of security.tokens",
        SecurityTokenInvalidAudienceException => "its audience is not the one configured for its issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify with its issuer's keys",
        _ => "it is not a well-formed, signed JWT",
    };

    /// <summary>Registers the JwtBearer handler for the configured issuers (keys and audience per issuer).</summary>
    public static void AddTokenValidation(IServiceCollection services, NodeSecurity security)
    {
        var issuers = security.Settings.Tokens ?? [];
        var keys = issuers.ToDictionary(
            issuer => issuer.Issuer,
            issuer => issuer.PublicKeys.Select((pem, k) => TokenKeys.Parse(pem, $"security.tokens[{issuer.Issuer}].publicKeys[{k}]")).ToArray(),
            StringComparer.Ordinal);
        var audiences = issuers.ToDictionary(issuer => issuer.Issuer, issuer => issuer.Audience, StringComparer.Ordinal);
        var time = security.Time;
        services.AddAuthentication()
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                options.MapInboundClaims = false;
                options.RequireHttpsMetadata = false; // no metadata is ever fetched: keys are configured
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = issuers.Select(issuer => issuer.Issuer).ToArray(),
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    // A token's audience must be its own issuer's, and its key must be its own issuer's key:
                    // one issuer's key cannot vouch for a token naming another.
                    AudienceValidator = (tokenAudiences, token, _) =>
                        token?.Issuer is { } iss && audiences.TryGetValue(iss, out var expected) && tokenAudiences.Contains(expected, StringComparer.Ordinal),
                    IssuerSigningKeyResolver = (_, token, _, _) =>
                        token?.Issuer is { } iss && keys.TryGetValue(iss, out var issuerKeys) ? issuerKeys : [],
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateLifetime = true,
                    LifetimeValidator = (notBefore, expires, _, _) => LifetimeHolds(notBefore, expires, time.GetUtcNow().UtcDateTime),
                    ClockSkew = TimeSpan.Zero,
                };
            });
    }

    /// <summary>Lifetime on the injected clock, with one minute of skew allowed either way.</summary>
    internal static bool LifetimeHolds(DateTime? notBefore, DateTime? expires, DateTime now)
    {
        var skew = TimeSpan.FromMinutes(1);
        return expires is { } end && now < end.ToUniversalTime() + skew && (notBefore is not { } start || now >= start.ToUniversalTime() - skew);
    }
}
