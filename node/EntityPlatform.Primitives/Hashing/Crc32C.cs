using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace EntityPlatform.Hashing;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum on every storage record and
/// snapshot chunk. Uses the SSE4.2 <c>crc32</c> instruction when the CPU has it and a slicing-by-8 table
/// otherwise; both give identical results (the tests compare them), so files move freely between machines.
/// Conventions: initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF ("123456789" gives 0xE3069283).
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;

    // Tables[k][b]: the CRC contribution of byte b when it sits k bytes before the end of an 8-byte block.
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Extends <paramref name="crc"/> (a finished CRC of earlier bytes, or 0 for none) with
    /// <paramref name="data"/>, so a checksum can be computed over pieces: Append(Compute(a), b) == Compute(a+b).
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) =>
        Sse42.X64.IsSupported ? ~UpdateHardware(~crc, data) : ~UpdateSoftware(~crc, data);

    /// <summary>The portable slicing-by-8 path, public so tests can check it against the hardware path.</summary>
    public static uint ComputeSoftware(ReadOnlySpan<byte> data) => ~UpdateSoftware(0xFFFFFFFFu, data);

    private static uint UpdateHardware(uint state, ReadOnlySpan<byte> data)
    {
        ulong wide = state;
        while (data.Length >= 8)
        {
            wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        var narrow = (uint)wide;
        foreach (var value in data)
        {
            narrow = Sse42.Crc32(narrow, value);
        }

        return narrow;
    }

    private static uint UpdateSoftware(uint state, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^ t[4][low >> 24] ^
                    t[3][high & 0xFF] ^ t[2][(high >> 8) & 0xFF] ^ t[1][(high >> 16) & 0xFF] ^ t[0][high >> 24];
            data = data[8..];
        }

        foreach (var value in data)
        {
            state = t[0][(state ^ value) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        for (var k = 0; k < 8; k++)
        {
            tables[k] = new uint[256];
        }

        for (uint b = 0; b < 256; b++)
        {
            var crc = b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }

            tables[0][b] = crc;
        }

        for (var k = 1; k < 8; k++)
        {
            for (var b = 0; b < 256; b++)
            {
                var previous = tables[k - 1][b];
                tables[k][b] = tables[0][previous & 0xFF] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
