using System.Text;
using EntityPlatform.Hashing;

namespace EntityPlatform.Primitives.Tests;

public sealed class Crc32CTests
{
    // Published CRC-32C check values (RFC 3720 appendix B.4 and the "check" value of the catalogue).
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("abc", 0x364B3FB7u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Text_vectors_match_published_values(string text, uint expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32C.Compute(bytes));
        Assert.Equal(expected, Crc32C.ComputeSoftware(bytes));
    }

    [Fact]
    public void Rfc3720_32_zero_bytes()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x8A9136AAu, Crc32C.ComputeSoftware(new byte[32]));
    }

    [Fact]
    public void Rfc3720_32_ones_and_increasing_and_decreasing()
    {
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var increasing = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var decreasing = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(ones));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(increasing));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(decreasing));
    }

    [Fact]
    public void Hardware_and_software_paths_agree_on_every_length_and_alignment()
    {
        var random = new Random(12345);
        var buffer = new byte[600];
        random.NextBytes(buffer);
        for (var start = 0; start < 9; start++)
        {
            for (var length = 0; length < 300; length++)
            {
                var slice = buffer.AsSpan(start, length);
                Assert.Equal(Crc32C.ComputeSoftware(slice), Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void Append_over_pieces_equals_compute_over_the_whole()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        for (var cut = 0; cut <= data.Length; cut++)
        {
            var pieces = Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut));
            Assert.Equal(0xE3069283u, pieces);
        }
    }

    [Fact]
    public void A_single_flipped_bit_changes_the_checksum()
    {
        var data = new byte[256];
        new Random(7).NextBytes(data);
        var original = Crc32C.Compute(data);
        for (var bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(original, Crc32C.Compute(data));
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
