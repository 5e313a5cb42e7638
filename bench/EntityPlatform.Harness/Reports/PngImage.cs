using System.Buffers.Binary;
using System.IO.Compression;

namespace EntityPlatform.Harness.Reports;

/// <summary>A tiny RGB canvas with lines and rectangles, saved as an 8-bit truecolor PNG (zlib via ZLibStream).</summary>
public sealed class PngImage
{
    private readonly byte[] pixels;

    public PngImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
    }

    public int Width { get; }
    public int Height { get; }

    public void Set(int x, int y, (byte R, byte G, byte B) color)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }

        var i = (y * Width + x) * 3;
        (pixels[i], pixels[i + 1], pixels[i + 2]) = color;
    }

    public void FillRect(int x0, int y0, int x1, int y1, (byte, byte, byte) color)
    {
        for (var y = Math.Min(y0, y1); y <= Math.Max(y0, y1); y++)
        {
            for (var x = Math.Min(x0, x1); x <= Math.Max(x0, x1); x++)
            {
                Set(x, y, color);
            }
        }
    }

    /// <summary>Bresenham's line; bounded by the canvas, so any coordinates are safe.</summary>
    public void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) color)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        for (var steps = 0; steps < 100_000; steps++)
        {
            Set(x0, y0, color);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    public byte[] Encode()
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8;   // bit depth
        header[9] = 2;   // truecolor RGB; 10–12: deflate, adaptive filtering, no interlace
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", Compress());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private byte[] Compress()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.WriteByte(0); // filter type None for every scanline
                zlib.Write(pixels, y * Width * 3, Width * 3);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        // PNG's chunk CRC is the standard CRC-32 over the type and the data.
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        output.Write(number);
    }
}
