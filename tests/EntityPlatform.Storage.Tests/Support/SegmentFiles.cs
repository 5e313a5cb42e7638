using EntityPlatform.Storage.Devices;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// Direct access to a FasterLog directory's files, for simulating what a crash leaves on disk: copies of
/// the whole directory and zeroed address ranges (a write that never reached the file).
/// </summary>
public static class SegmentFiles
{
    /// <summary>
    /// Copies every file of <paramref name="from"/> (segments and commit slots) into <paramref name="to"/>, also
    /// while a store has them open (the commit-slots file is held under an exclusive lock).
    /// </summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.WriteAllBytes(Path.Combine(to, Path.GetFileName(file)), UnlockedFile.ReadAll(file));
        }
    }

    /// <summary>The bytes at log addresses [from, until), which must lie in one segment.</summary>
    public static byte[] Read(string directory, FasterLogDeviceOptions geometry, long from, long until)
    {
        var (path, offset) = Locate(directory, geometry, from, until);
        var bytes = new byte[until - from];
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var read = RandomAccess.Read(file, bytes, offset);
        Assert.True(read == bytes.Length, $"{path}: read {read} of {bytes.Length} bytes at offset {offset}");
        return bytes;
    }

    /// <summary>Zeroes log addresses [from, until) (one segment): on disk as if that write never happened.</summary>
    public static void Zero(string directory, FasterLogDeviceOptions geometry, long from, long until)
    {
        var (path, offset) = Locate(directory, geometry, from, until);
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(file, new byte[until - from], offset);
    }

    private static (string Path, long Offset) Locate(string directory, FasterLogDeviceOptions geometry, long from, long until)
    {
        var segment = from >> geometry.SegmentSizeBits;
        Assert.True(until > from && (until - 1) >> geometry.SegmentSizeBits == segment, $"range [{from}, {until}) must lie in one segment");
        return (Path.Combine(directory, $"log.{segment}"), from & ((1L << geometry.SegmentSizeBits) - 1));
    }
}
