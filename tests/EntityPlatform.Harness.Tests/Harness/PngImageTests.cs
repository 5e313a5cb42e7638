using System.Buffers.Binary;
using System.IO.Compression;
using EntityPlatform.Harness.Reports;

namespace EntityPlatform.Harness.Tests.Harness;

public sealed class PngImageTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8));

    [Fact]
    public void Encoded_png_has_valid_chunks_and_round_trips_its_pixels()
    {
        var image = new PngImage(3, 2);
        image.Set(1, 1, (10, 20, 30));
        var png = image.Encode();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        byte[]? idat = null;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
            if (typeAndData[..4].SequenceEqual("IDAT"u8))
            {
                idat = typeAndData[4..].ToArray();
            }

            offset += 12 + length;
        }

        using var zlib = new ZLibStream(new MemoryStream(idat!), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(2 * (1 + 3 * 3), bytes.Length);
        Assert.Equal(new byte[] { 10, 20, 30 }, bytes[(10 + 1 + 3)..(10 + 1 + 6)]);
    }
}
