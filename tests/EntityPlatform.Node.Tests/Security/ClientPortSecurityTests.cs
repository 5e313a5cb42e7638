using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Security;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Security;

/// <summary>
/// Issue 15, proof 3: the client port authenticates (client certificate or JWT) and authorizes per entity
/// type and action; refusals name the type and action and never echo the credential.
/// </summary>
public sealed class ClientPortSecurityTests : IAsyncLifetime
{
    private SecureNode _node = null!;

    public async Task InitializeAsync() => _node = await SecureNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact(Timeout = 60_000)]
    public async Task A_call_without_credentials_is_unauthenticated_naming_the_entity_type_and_action()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, certificate: null));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CommandAsync(SecureNode.Increment("counter", "c1", 1)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("command on entity type 'counter'", error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_granted_client_certificate_commands_and_queries()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, _node.Certificate(CertificateIdentity.ForClient("app"))));

        var reply = await SecureNode.CommandUntilLeaderAsync(client, SecureNode.Increment("counter", "c1", 1));
        var query = await client.QueryAsync(new QueryRequest { EntityType = "counter", EntityId = "c1", QueryName = "value" });

        Assert.NotNull(reply.Accepted);
        Assert.Equal("1", query.Result.ToStringUtf8());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_action_outside_the_access_rules_is_denied_naming_the_entity_type_and_action()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, _node.Certificate(CertificateIdentity.ForClient("app"))));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CommandAsync(SecureNode.Increment("accounts", "a1", 1)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("command on entity type 'accounts'", error.Status.Detail);
        Assert.Contains("client/app", error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_certificate_not_named_in_the_access_rules_is_denied()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, _node.Certificate(CertificateIdentity.ForClient("stranger"))));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync(new QueryRequest { EntityType = "counter", EntityId = "c1" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("query on entity type 'counter'", error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_certificate_from_another_ca_is_refused()
    {
        using var otherCa = DevelopmentCertificateAuthority.Create(SecureNode.TrustDomain, TimeSpan.FromDays(1));
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, _node.Certificate(CertificateIdentity.ForClient("app"), otherCa)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.CommandAsync(SecureNode.Increment("counter", "c1", 1)).ResponseAsync);

        PeerPortSecurityTests.AssertRefusedAtHandshake(error);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_valid_token_with_a_granted_role_commands()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, certificate: null));
        var token = _node.Token("svc-billing", ["counter-writer"], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10));

        var reply = await SecureNode.CommandUntilLeaderAsync(client, SecureNode.Increment("counter", "c2", 1), SecureNode.Bearer(token));

        Assert.NotNull(reply.Accepted);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_expired_token_is_unauthenticated_and_the_token_is_not_echoed()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, certificate: null));
        var token = _node.Token("svc-billing", ["counter-writer"], DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CommandAsync(SecureNode.Increment("counter", "c1", 1), SecureNode.Bearer(token)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("command on entity type 'counter'", error.Status.Detail);
        Assert.Contains("expired", error.Status.Detail);
        Assert.DoesNotContain(token.Split('.')[1], error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_token_signed_by_another_key_is_unauthenticated()
    {
        using var otherKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, certificate: null));
        var token = _node.Token("svc-billing", ["counter-writer"], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10), otherKey);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync(new QueryRequest { EntityType = "counter", EntityId = "c1" }, SecureNode.Bearer(token)).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("signature", error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_valid_token_without_a_granted_role_is_denied()
    {
        var client = new EntityService.EntityServiceClient(_node.Channel(_node.ClientAddress, certificate: null));
        var token = _node.Token("svc-reader", ["reader"], DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CommandAsync(SecureNode.Increment("counter", "c1", 1), SecureNode.Bearer(token)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("svc-reader", error.Status.Detail);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_client_port_refuses_the_admin_api()
    {
        var admin = new AdminService.AdminServiceClient(_node.Channel(_node.ClientAddress, _node.Certificate(CertificateIdentity.ForAdmin("operator"))));

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.StatusAsync(new StatusRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
