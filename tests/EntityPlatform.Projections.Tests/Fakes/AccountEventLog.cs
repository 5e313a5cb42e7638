using EntityPlatform.Entities.Serialization;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Samples.Accounts;
using Google.Protobuf;

namespace EntityPlatform.Projections.Tests.Fakes;

/// <summary>
/// A cluster's committed account events, made from a seed: per shard, offsets dense from 1, each account in
/// one shard, balances never negative; encoded as the node encodes them (JSON over AccountEvent).
/// </summary>
public sealed class AccountEventLog
{
    private static readonly JsonEntitySerializer Serializer = new();

    public AccountEventLog(IReadOnlyDictionary<uint, IReadOnlyList<CommittedEvent>> shards) => Shards = shards;

    public IReadOnlyDictionary<uint, IReadOnlyList<CommittedEvent>> Shards { get; }

    public int Count => Shards.Values.Sum(events => events.Count);

    public static AccountEventLog Generate(int seed, int shardCount, int accountsPerShard, int eventsPerShard)
    {
        var random = new Random(seed);
        var shards = new Dictionary<uint, IReadOnlyList<CommittedEvent>>();
        for (var shard = 0u; shard < shardCount; shard++)
        {
            var balances = new long[accountsPerShard];
            var events = new List<CommittedEvent>(eventsPerShard);
            for (var offset = 1UL; offset <= (ulong)eventsPerShard; offset++)
            {
                var account = random.Next(accountsPerShard);
                var withdraw = balances[account] > 0 && random.Next(3) == 0;
                var amount = withdraw ? 1 + random.NextInt64(balances[account]) : 1 + random.Next(1_000);
                balances[account] += withdraw ? -amount : amount;
                AccountEvent @event = withdraw ? new AccountEvent.Withdrawn(amount) : new AccountEvent.Deposited(amount);
                events.Add(Event(shard, offset, $"acct-{shard}-{account}", Serializer.Serialize(@event, typeof(AccountEvent))));
            }

            shards[shard] = events;
        }

        return new AccountEventLog(shards);
    }

    public static CommittedEvent Event(uint shard, ulong offset, string entityId, byte[] payload) => new()
    {
        EntityType = "accounts",
        EntityId = entityId,
        ShardId = shard,
        Offset = offset,
        Payload = ByteString.CopyFrom(payload),
    };

    /// <summary>The same log with one event's payload replaced (a poison event).</summary>
    public AccountEventLog WithPayload(uint shard, ulong offset, byte[] payload)
    {
        var copy = Shards.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<CommittedEvent>)pair.Value.ToList());
        var list = (List<CommittedEvent>)copy[shard];
        var old = list[(int)offset - 1];
        list[(int)offset - 1] = Event(shard, offset, old.EntityId, payload);
        return new AccountEventLog(copy);
    }
}
