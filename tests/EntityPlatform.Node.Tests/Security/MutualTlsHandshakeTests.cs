using System.Net;
using EntityPlatform.Contracts.Security;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Security;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>
/// A real Kestrel port with mutual TLS from <see cref="ServerTls"/>, called through <see cref="Channels"/>:
/// only a client whose certificate chains to the cluster's CA completes a call.
/// </summary>
public sealed class MutualTlsHandshakeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ep-mtls-").FullName;
    private readonly DevelopmentCertificateAuthority _ca = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30));
    private GrpcServer? _server;

    public async Task InitializeAsync()
    {
        _ca.Issue(CertificateIdentity.ForNode(1), TimeSpan.FromDays(1), ["localhost"], [IPAddress.Loopback]).WriteTo(_directory, "tls");
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), _ca.RootPem);
        var certificates = new ReloadingCertificateSource(CertificateFiles.InDirectory(_directory), TimeSpan.FromSeconds(1));
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        _server = await GrpcServer.StartAsync(IPAddress.Loopback,
            [new ListenEndpoint(0, HttpProtocols.Http2, new ServerTls(certificates, RequireClientCertificate: true, TimeProvider.System))],
            services => services.AddSingleton(health),
            web => web.MapGrpcService<HealthServiceImpl>());
    }

    [Fact]
    public async Task A_client_with_a_certificate_of_the_cluster_ca_completes_a_call()
    {
        var client = _ca.Issue(CertificateIdentity.ForAdmin("operator"), TimeSpan.FromDays(1));

        var reply = await CheckAsync(new ClientTls(new TrustBundle([_ca.Root]), () => client.Certificate));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(new ClientTls(new TrustBundle([_ca.Root]))));
        AssertRefusedAtHandshake(error);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused()
    {
        using var other = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30));
        var forged = other.Issue(CertificateIdentity.ForAdmin("operator"), TimeSpan.FromDays(1));

        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(new ClientTls(new TrustBundle([_ca.Root]), () => forged.Certificate)));
        AssertRefusedAtHandshake(error);
    }

    [Fact]
    public async Task A_client_that_trusts_another_ca_refuses_the_server()
    {
        using var other = DevelopmentCertificateAuthority.Create("orders.local", TimeSpan.FromDays(30));
        var client = _ca.Issue(CertificateIdentity.ForAdmin("operator"), TimeSpan.FromDays(1));

        var error = await Assert.ThrowsAsync<RpcException>(() => CheckAsync(new ClientTls(new TrustBundle([other.Root]), () => client.Certificate)));
        AssertRefusedAtHandshake(error);
    }

    [Fact]
    public void A_https_address_without_tls_settings_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => Channels.Create(_server!.SecureAddressOf(0)));
        Assert.Contains("ChannelSettings.Tls", error.Message);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    // grpc-dotnet reports a failed TLS handshake as INTERNAL ("Error starting gRPC call") or UNAVAILABLE,
    // depending on which side noticed first; either way no call reached the service.
    private static void AssertRefusedAtHandshake(RpcException error) =>
        Assert.True(error.StatusCode is StatusCode.Internal or StatusCode.Unavailable && error.Status.DebugException is not null,
            $"expected a refused TLS handshake, got {error.StatusCode}: {error.Status.Detail} ({error.Status.DebugException?.Message})");

    private async Task<HealthCheckResponse> CheckAsync(ClientTls tls)
    {
        using var channel = Channels.Create(_server!.SecureAddressOf(0), new ChannelSettings { Tls = tls });
        return await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
    }
}
