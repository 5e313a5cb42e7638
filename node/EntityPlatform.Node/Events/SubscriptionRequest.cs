using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Events;

/// <summary>A checked SubscribeRequest: the type, and for each shard to stream its first offset (0 = the oldest this replica holds).</summary>
internal sealed record SubscriptionRequest(string EntityType, IReadOnlyDictionary<int, ulong> StartOffsets)
{
    /// <summary>Throws NOT_FOUND for an unknown type and INVALID_ARGUMENT naming the field for bad shards.</summary>
    public static SubscriptionRequest Check(ShardCatalog catalog, SubscribeRequest request)
    {
        if (string.IsNullOrEmpty(request.EntityType))
        {
            throw RequestValidation.Invalid("entity_type is empty; expected the name of a hosted entity type");
        }

        if (!catalog.Hosts(request.EntityType))
        {
            throw Contracts.Wire.RichErrors.Create(global::Grpc.Core.StatusCode.NotFound,
                $"entity_type '{request.EntityType}' is not hosted by this cluster; known types: {string.Join(", ", catalog.Types.Select(type => type.Name))}",
                Contracts.Wire.ErrorReasons.UnknownEntityType);
        }

        var shards = catalog.ShardCount(request.EntityType);
        var chosen = new SortedDictionary<int, ulong>();
        for (var i = 0; i < request.ShardIds.Count; i++)
        {
            var shard = InRange(request.ShardIds[i], shards, $"shard_ids[{i}]");
            if (!chosen.TryAdd(shard, request.FromOffset))
            {
                throw RequestValidation.Invalid($"shard_ids[{i}] repeats shard {shard}; expected each shard once");
            }
        }

        if (chosen.Count == 0)
        {
            for (var shard = 0; shard < shards; shard++)
            {
                chosen[shard] = request.FromOffset;
            }
        }

        var resumed = new HashSet<int>();
        for (var i = 0; i < request.ResumeFrom.Count; i++)
        {
            var shard = InRange(request.ResumeFrom[i].ShardId, shards, $"resume_from[{i}].shard_id");
            if (!resumed.Add(shard))
            {
                throw RequestValidation.Invalid($"resume_from[{i}] repeats shard {shard}; expected each shard once");
            }

            if (!chosen.ContainsKey(shard))
            {
                throw RequestValidation.Invalid($"resume_from[{i}] names shard {shard}, which shard_ids does not include");
            }

            chosen[shard] = request.ResumeFrom[i].Offset;
        }

        return new SubscriptionRequest(request.EntityType, chosen);
    }

    private static int InRange(uint shard, int shards, string field) =>
        shard < shards
            ? (int)shard
            : throw RequestValidation.Invalid($"{field} is {shard}; the entity type has {shards} shards, so expected 0 <= shard_id < {shards}");
}
