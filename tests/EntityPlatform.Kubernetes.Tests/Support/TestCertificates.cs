using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Kubernetes.Tests.Support;

/// <summary>A throwaway (ECDSA P-256, fast to make) cluster CA with a server certificate for 127.0.0.1 and a client certificate.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-cluster-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Server = Issue("CN=kube-apiserver", server: true, out _);
        Client = Issue("CN=entityplatform-operator", server: false, out var clientKeyPem);
        ClientKeyPem = clientKeyPem;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key, loadable by Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string ClientKeyPem { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public string ClientPem => Client.ExportCertificatePem();

    private X509Certificate2 Issue(string subject, bool server, out string keyPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var usage = new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        keyPem = key.ExportPkcs8PrivateKeyPem();
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a certificate whose key TLS stacks can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
