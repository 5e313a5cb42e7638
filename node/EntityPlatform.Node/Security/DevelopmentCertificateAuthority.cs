using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Node.Security;

/// <summary>
/// A small certificate authority for local mode and tests: an ECDSA P-256 root that issues node, admin and
/// client certificates carrying a <see cref="CertificateIdentity"/> URI. Production clusters get their CA
/// from the operator or cert-manager; this one exists so that "secure by default" costs a developer nothing.
/// Time comes from the injected clock, so expiry is testable.
/// </summary>
public sealed class DevelopmentCertificateAuthority : IDisposable
{
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    private readonly X509Certificate2 _root;
    private readonly TimeProvider _time;

    private DevelopmentCertificateAuthority(X509Certificate2 root, string trustDomain, TimeProvider time)
    {
        _root = root;
        TrustDomain = trustDomain;
        _time = time;
    }

    public string TrustDomain { get; }

    /// <summary>The root certificate (public part) that peers and clients trust.</summary>
    public X509Certificate2 Root => X509CertificateLoader.LoadCertificate(_root.RawData);

    public string RootPem => _root.ExportCertificatePem();

    /// <summary>A new root for <paramref name="trustDomain"/>, valid for <paramref name="validity"/> from now.</summary>
    public static DevelopmentCertificateAuthority Create(string trustDomain, TimeSpan validity, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        CertificateIdentity.CheckTrustDomain(trustDomain);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=EntityPlatform development CA ({trustDomain})", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        var root = request.CreateSelfSigned(now - ClockSkewAllowance, now + validity);
        return new DevelopmentCertificateAuthority(root, trustDomain, time);
    }

    /// <summary>Loads a root written by <see cref="WriteTo"/>.</summary>
    public static DevelopmentCertificateAuthority Load(string directory, string trustDomain, TimeProvider? time = null)
    {
        var root = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "ca.crt"), Path.Combine(directory, "ca.key"));
        return new DevelopmentCertificateAuthority(root, trustDomain, time ?? TimeProvider.System);
    }

    /// <summary>Writes <c>ca.crt</c> and <c>ca.key</c> (owner-only) into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        using var key = _root.GetECDsaPrivateKey()!;
        new IssuedCertificate(Root, RootPem, key.ExportPkcs8PrivateKeyPem()).WriteTo(directory, "ca");
    }

    /// <summary>
    /// A certificate for <paramref name="identity"/>, usable as a TLS server and client certificate, valid for
    /// <paramref name="validity"/> from now (never past the root's own expiry), for the given DNS names and addresses.
    /// </summary>
    public IssuedCertificate Issue(CertificateIdentity identity, TimeSpan validity, IEnumerable<string>? dnsNames = null, IEnumerable<IPAddress>? addresses = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={identity}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri(TrustDomain));
        foreach (var dns in dnsNames ?? [])
        {
            names.AddDnsName(dns);
        }

        foreach (var address in addresses ?? [])
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = _time.GetUtcNow();
        var notAfter = Min(now + validity, _root.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 asks
        using var issued = request.Create(_root, now - ClockSkewAllowance, notAfter, serial);
        var withKey = issued.CopyWithPrivateKey(key);
        return new IssuedCertificate(withKey, withKey.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => _root.Dispose();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
