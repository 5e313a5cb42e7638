using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Google.Protobuf;

namespace EntityPlatform.Cluster.Tests;

/// <summary>Bad client input gets a precise gRPC error naming the field, and nothing is applied (issue 5).</summary>
public sealed class BadInputTests
{
    [Fact(Timeout = 120_000)]
    public async Task Each_kind_of_bad_input_gets_its_status_code_and_a_message_naming_the_field()
    {
        await using var cluster = new ProcessCluster(nodeCount: 3);
        await cluster.WaitForLeadersAsync();
        using var channel = Channels.Create(cluster.Nodes[0].GrpcAddress);
        var client = new EntityService.EntityServiceClient(channel);

        await Expect(client, Command("ledgers", "x", "{}"), StatusCode.NotFound, "entity_type 'ledgers' is not hosted");
        await Expect(client, Command("counter", "", "{}"), StatusCode.InvalidArgument, "entity_id is empty");
        await Expect(client, Command("counter", "c", new string('x', (1 << 20) + 1)), StatusCode.InvalidArgument, "payload is 1048577 bytes");
        await Expect(client, Command("counter", "c", "{not json"), StatusCode.InvalidArgument, "CounterCommand");
        await Expect(client, Command("counter", "c", """{"type":"increment","by":1}"""), StatusCode.InvalidArgument, "client_session_id", session: "not-a-uuid");
        await Expect(client, Command("counter", "c", """{"type":"increment","by":1}"""), StatusCode.InvalidArgument, "expected a UUIDv7", session: Guid.NewGuid().ToString());
        var query = new QueryRequest { EntityType = "counter", EntityId = "c", QueryName = "owner" };
        var error = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync(query).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("known queries: value", error.Status.Detail);

        // Nothing above changed the counter.
        Assert.Equal("0", await cluster.Client.QueryAsync("counter", "c", "value"));
    }

    private static CommandRequest Command(string type, string id, string json) => new()
    {
        EntityType = type, EntityId = id, Payload = ByteString.CopyFromUtf8(json), ClientSessionId = Guid.CreateVersion7().ToString(), RequestId = 1,
    };

    private static async Task Expect(EntityService.EntityServiceClient client, CommandRequest request, StatusCode code, string fragment, string? session = null)
    {
        if (session is not null)
        {
            request.ClientSessionId = session;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CommandAsync(request, deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(fragment, error.Status.Detail);
    }
}
