using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace EntityPlatform.Node.Security;

/// <summary>Turns a configured PEM public key into a signing key for token validation.</summary>
internal static class TokenKeys
{
    /// <summary>An RSA or EC public key from PEM; throws naming <paramref name="field"/> when it is neither.</summary>
    public static SecurityKey Parse(string pem, string field)
    {
        if (string.IsNullOrWhiteSpace(pem) || !pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field}: expected a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (CryptographicException)
        {
            // Not RSA: try EC below.
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{field}: the PEM public key is neither RSA nor EC ({e.Message})", e);
        }
    }
}
