using System.Buffers.Binary;
using System.Numerics;
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
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

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

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var remaining = data;
        ulong hash;
        if (data.Length >= 32)
        {
            var v1 = seed + Prime1 + Prime2;
            var v2 = seed + Prime2;
            var v3 = seed;
            var v4 = seed - Prime1;
            while (remaining.Length >= 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(remaining));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(remaining[8..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(remaining[16..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(remaining[24..]));
                remaining = remaining[32..];
            }

            hash = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) +
                BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            hash = MergeRound(MergeRound(MergeRound(MergeRound(hash, v1), v2), v3), v4);
        }
        else
        {
            hash = seed + Prime5;
        }

        hash += (ulong)data.Length;
        return Avalanche(Tail(hash, remaining));
    }

    private static ulong Tail(ulong hash, ReadOnlySpan<byte> remaining)
    {
        while (remaining.Length >= 8)
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(remaining));
            hash = (BitOperations.RotateLeft(hash, 27) * Prime1) + Prime4;
            remaining = remaining[8..];
        }

        if (remaining.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(remaining) * Prime1;
            hash = (BitOperations.RotateLeft(hash, 23) * Prime2) + Prime3;
            remaining = remaining[4..];
        }

        foreach (var b in remaining)
        {
            hash ^= b * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        return hash;
    }

    private static ulong Round(ulong accumulator, ulong input)
    {
        accumulator += input * Prime2;
        return BitOperations.RotateLeft(accumulator, 31) * Prime1;
    }

    private static ulong MergeRound(ulong accumulator, ulong value)
    {
        accumulator ^= Round(0, value);
        return (accumulator * Prime1) + Prime4;
    }

    private static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        return hash ^ (hash >> 32);
    }
}
