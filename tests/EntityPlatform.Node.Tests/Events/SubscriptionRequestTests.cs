using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Events;
using EntityPlatform.Node.Scheduler;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Events;

/// <summary>Subscribe's input checks: NOT_FOUND for an unknown type, INVALID_ARGUMENT naming the field for bad shards.</summary>
public sealed class SubscriptionRequestTests
{
    private static readonly ShardCatalog Catalog = new ShardCatalog().Add("accounts", 4);

    [Fact]
    public void Every_shard_starts_at_from_offset_unless_resume_from_names_it()
    {
        var request = SubscriptionRequest.Check(Catalog, new SubscribeRequest
        {
            EntityType = "accounts", FromOffset = 5, ResumeFrom = { new ShardOffset { ShardId = 2, Offset = 9 } },
        });
        Assert.Equal(new Dictionary<int, ulong> { [0] = 5, [1] = 5, [2] = 9, [3] = 5 }, request.StartOffsets);
    }

    [Fact]
    public void Shard_ids_narrow_the_stream()
    {
        var request = SubscriptionRequest.Check(Catalog, new SubscribeRequest { EntityType = "accounts", ShardIds = { 3, 1 } });
        Assert.Equal([1, 3], request.StartOffsets.Keys);
    }

    [Theory]
    [InlineData("", "entity_type is empty", StatusCode.InvalidArgument)]
    [InlineData("nope", "entity_type 'nope' is not hosted", StatusCode.NotFound)]
    public void A_bad_entity_type_is_named(string type, string message, StatusCode code)
    {
        var error = Assert.Throws<RpcException>(() => SubscriptionRequest.Check(Catalog, new SubscribeRequest { EntityType = type }));
        Assert.Equal(code, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
    }

    [Fact]
    public void Bad_shards_name_their_field()
    {
        AssertInvalid(new SubscribeRequest { EntityType = "accounts", ShardIds = { 4 } }, "shard_ids[0] is 4");
        AssertInvalid(new SubscribeRequest { EntityType = "accounts", ShardIds = { 1, 1 } }, "shard_ids[1] repeats shard 1");
        AssertInvalid(new SubscribeRequest { EntityType = "accounts", ResumeFrom = { new ShardOffset { ShardId = 9 } } }, "resume_from[0].shard_id is 9");
        AssertInvalid(new SubscribeRequest { EntityType = "accounts", ShardIds = { 0 }, ResumeFrom = { new ShardOffset { ShardId = 2 } } },
            "resume_from[0] names shard 2, which shard_ids does not include");
    }

    private static void AssertInvalid(SubscribeRequest request, string message)
    {
        var error = Assert.Throws<RpcException>(() => SubscriptionRequest.Check(Catalog, request));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
    }
}
