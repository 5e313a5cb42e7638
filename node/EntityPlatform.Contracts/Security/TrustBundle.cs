using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Contracts.Security;

/// <summary>
/// The certificate authorities one side trusts for the other: a node's CA for clients and peers, the
/// cluster's CA for the SDK. Chains are built against these roots only (never the machine's store), so a
/// certificate from a public CA, or from another cluster's CA, is refused even if it is otherwise valid.
/// </summary>
public sealed class TrustBundle
{
    private readonly X509Certificate2Collection _roots;

    public TrustBundle(X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (roots.Count == 0)
        {
            throw new ArgumentException("a trust bundle needs at least one CA certificate", nameof(roots));
        }

        _roots = roots;
    }

    /// <summary>Every certificate in a PEM file (one or more "BEGIN CERTIFICATE" blocks).</summary>
    public static TrustBundle FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidDataException($"CA bundle '{path}': expected PEM certificates ({e.Message})", e);
        }

        if (roots.Count == 0)
        {
            throw new InvalidDataException($"CA bundle '{path}': expected at least one PEM certificate, found none");
        }

        return new TrustBundle(roots);
    }

    public IReadOnlyList<X509Certificate2> Roots => [.. _roots];

    /// <summary>
    /// Null when <paramref name="certificate"/> chains to one of the roots and is valid at <paramref name="now"/>;
    /// otherwise why not, in words fit for a log line (never the certificate's contents beyond its subject).
    /// </summary>
    public string? Validate(X509Certificate2 certificate, DateTimeOffset now, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        // Our CAs publish no revocation lists: short-lived certificates and rotation stand in for revocation.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(status => status.Status.ToString()).Distinct();
        return $"certificate '{certificate.Subject}' is not trusted: {string.Join(", ", problems)}";
    }
}
