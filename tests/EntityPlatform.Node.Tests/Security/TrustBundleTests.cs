using EntityPlatform.Contracts.Security;
using EntityPlatform.Node.Security;
using EntityPlatform.Node.Tests.Support;

namespace EntityPlatform.Node.Tests.Security;

public sealed class TrustBundleTests
{
    [Fact]
    public void A_certificate_of_our_ca_is_trusted_within_its_validity()
    {
        var time = new ManualTimeProvider();
        using var ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), time);
        var issued = ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1));

        Assert.Null(new TrustBundle([ca.Root]).Validate(issued.Certificate, time.GetUtcNow()));
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused_even_with_the_same_trust_domain()
    {
        var time = new ManualTimeProvider();
        using var ours = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), time);
        using var theirs = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), time);
        var forged = theirs.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1));

        var error = new TrustBundle([ours.Root]).Validate(forged.Certificate, time.GetUtcNow());

        Assert.NotNull(error);
        Assert.Contains("not trusted", error);
    }

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        var time = new ManualTimeProvider();
        using var ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), time);
        var issued = ca.Issue(CertificateIdentity.ForClient("app"), TimeSpan.FromHours(1));
        time.Advance(TimeSpan.FromHours(2));

        var error = new TrustBundle([ca.Root]).Validate(issued.Certificate, time.GetUtcNow());

        Assert.NotNull(error);
        Assert.Contains("NotTimeValid", error);
    }

    [Fact]
    public void A_ca_bundle_file_without_certificates_is_refused_naming_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");
            var error = Assert.Throws<InvalidDataException>(() => TrustBundle.FromPemFile(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
