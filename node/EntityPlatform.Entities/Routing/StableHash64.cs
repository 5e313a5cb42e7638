using System.IO.Hashing;
using System.Text;

namespace EntityPlatform.Entities.Routing;

/// <summary>
/// The routing hash, fixed forever: XXH64 with seed 0 over the UTF-8 bytes of the entity id. XXH64 is
/// published (xxhash.com) and implemented in every language, so any client can compute
/// <c>shard = XXH64(utf8(entityId), seed: 0) mod shardCount</c> and route by itself. Changing this function
/// would move every entity to another shard, so the test vectors in the tests pin it.
/// </summary>
public static class StableHash64
{
    /// <summary>The shard that owns <paramref name="entityId"/>.</summary>
    public static int ShardOf(string entityId, int shardCount)
    {
        if (shardCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "shardCount must be at least 1.");
        }

        return (int)(Hash(entityId) % (ulong)shardCount);
    }

    public static ulong Hash(string entityId)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(entityId.Length);
        Span<byte> buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(entityId, buffer);
        return Hash(buffer[..length]);
    }

    /// <summary>XXH64 of <paramref name="data"/>: System.IO.Hashing's implementation of the published algorithm.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0) => XxHash64.HashToUInt64(data, unchecked((long)seed));
}
