using EntityPlatform.Node.Security;
using EntityPlatform.Node.Tests.Support;

namespace EntityPlatform.Node.Tests.Security;

public sealed class ReloadingCertificateSourceTests : IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("ep-tls-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly DevelopmentCertificateAuthority _ca;

    public ReloadingCertificateSourceTests()
    {
        _ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30), _time);
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), _ca.RootPem);
    }

    [Fact]
    public void A_rotated_certificate_is_served_after_the_next_check_without_a_restart()
    {
        Write(_ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1)));
        var source = new ReloadingCertificateSource(CertificateFiles.InDirectory(_directory), CheckInterval, _time);
        var first = source.Certificate.Thumbprint;

        Write(_ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1)));
        Assert.Equal(first, source.Certificate.Thumbprint); // not looked at before the interval

        _time.Advance(CheckInterval);
        Assert.NotEqual(first, source.Certificate.Thumbprint);
        Assert.Equal(1, source.Reloads);
        Assert.Null(source.LastReloadError);
    }

    [Fact]
    public void A_broken_replacement_keeps_the_previous_certificate_in_service_and_reports_why()
    {
        Write(_ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1)));
        var source = new ReloadingCertificateSource(CertificateFiles.InDirectory(_directory), CheckInterval, _time);
        var first = source.Certificate.Thumbprint;

        // Mid-rotation: a new certificate whose key has not been written yet.
        var next = _ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1));
        File.WriteAllText(Path.Combine(_directory, "tls.crt"), next.CertificatePem);
        _time.Advance(CheckInterval);

        Assert.Equal(first, source.Certificate.Thumbprint);
        Assert.NotNull(source.LastReloadError);
        Assert.Contains("tls.crt", source.LastReloadError);

        // The key arrives: the next check takes the pair.
        File.WriteAllText(Path.Combine(_directory, "tls.key"), next.PrivateKeyPem);
        _time.Advance(CheckInterval);
        Assert.Equal(next.Certificate.Thumbprint, source.Certificate.Thumbprint);
        Assert.Null(source.LastReloadError);
    }

    [Fact]
    public void Missing_files_at_start_fail_naming_the_file()
    {
        var error = Assert.ThrowsAny<IOException>(() => new ReloadingCertificateSource(CertificateFiles.InDirectory(_directory), CheckInterval, _time));
        Assert.Contains("tls.crt", error.Message);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Write(IssuedCertificate issued) => issued.WriteTo(_directory, "tls");
}
