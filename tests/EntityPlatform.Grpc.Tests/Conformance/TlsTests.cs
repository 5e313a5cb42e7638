using System.Security.Cryptography.X509Certificates;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Server;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Grpc.Streams;
using EntityPlatform.Grpc.Tests.Interop.V1;
using EntityPlatform.Grpc.Tests.Support;

namespace EntityPlatform.Grpc.Tests.Conformance;

/// <summary>The same server over TLS (HTTP/2 negotiated by ALPN) with a self-signed certificate made by the test.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create();
    private GrpcServerHost? _host;

    public async Task InitializeAsync()
    {
        _host = await GrpcServerHost.StartAsync(new InteropService().Register(new GrpcServiceRegistry()), new GrpcServerHostOptions { Certificate = _certificate });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _certificate.Dispose();
    }

    [Fact]
    public async Task Client_that_trusts_the_certificate_makes_unary_and_streaming_calls_over_tls()
    {
        using var channel = new GrpcChannel(_host!.Address, new GrpcChannelOptions
        {
            RemoteCertificateValidation = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString(),
        });

        var reply = await channel.UnaryAsync(InteropApi.Echo, new EchoRequest { Text = "secure" });
        using var call = channel.ServerStreaming(InteropApi.Count, new CountRequest { Count = 3 });
        var count = 0;
        await foreach (var _ in call.ResponseStream.ReadAllAsync())
        {
            count++;
        }

        Assert.Equal("https", _host.Address.Scheme);
        Assert.Equal("secure", reply.Text);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Client_that_does_not_trust_the_certificate_fails_with_unavailable()
    {
        using var channel = new GrpcChannel(_host!.Address);

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => channel.UnaryAsync(InteropApi.Echo, new EchoRequest()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }
}
