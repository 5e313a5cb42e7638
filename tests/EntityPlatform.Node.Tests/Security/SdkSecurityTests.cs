using EntityPlatform.Client;
using EntityPlatform.Client.Transport;
using EntityPlatform.Contracts.Security;
using EntityPlatform.Node.Security;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>Issue 15: the C# SDK calls a TLS node with a client certificate or a token provider, and without credentials is refused.</summary>
public sealed class SdkSecurityTests : IAsyncLifetime
{
    private SecureNode _node = null!;

    public async Task InitializeAsync() => _node = await SecureNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task The_sdk_commands_with_a_client_certificate()
    {
        var certificate = _node.Certificate(CertificateIdentity.ForClient("app"));
        using var client = new EntityPlatformClient(Options(new ClientTls(new TrustBundle([_node.Ca.Root]), () => certificate.Certificate)));

        var reply = await client.SendCommandAsync("counter", "sdk-cert", """{"type":"increment","by":1}"""u8.ToArray(), TimeSpan.FromSeconds(30));

        Assert.NotNull(reply.Accepted);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_sdk_commands_with_a_token_from_its_provider()
    {
        var asked = 0;
        var options = Options(new ClientTls(new TrustBundle([_node.Ca.Root])));
        options.TokenProvider = _ =>
        {
            Interlocked.Increment(ref asked);
            var expires = DateTime.UtcNow.AddMinutes(10);
            return ValueTask.FromResult(new BearerToken(_node.Token("svc-billing", ["counter-writer"], DateTime.UtcNow.AddMinutes(-1), expires), expires));
        };
        using var client = new EntityPlatformClient(options);

        var reply = await client.SendCommandAsync("counter", "sdk-token", """{"type":"increment","by":1}"""u8.ToArray(), TimeSpan.FromSeconds(30));

        Assert.NotNull(reply.Accepted);
        Assert.True(asked >= 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_sdk_without_credentials_is_refused_as_unauthenticated()
    {
        var options = Options(new ClientTls(new TrustBundle([_node.Ca.Root])));
        options.MaxAttempts = 2;
        using var client = new EntityPlatformClient(options);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.SendCommandAsync("counter", "sdk-none", """{"type":"increment","by":1}"""u8.ToArray(), TimeSpan.FromSeconds(10)));

        Assert.Contains("not authenticated", error.ToString());
    }

    [Fact]
    public void An_https_endpoint_without_tls_options_is_refused_naming_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = [_node.ClientAddress] }));

        Assert.Contains("Tls is not set", error.Message);
    }

    private EntityPlatformClientOptions Options(ClientTls tls) => new() { Endpoints = [_node.ClientAddress], Tls = tls };
}
