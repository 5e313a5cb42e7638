using System.Runtime.InteropServices;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// Reads a file with plain open/pread/close, bypassing .NET's advisory lock: an open store holds
/// <c>commit-slots</c> with FileShare.None (flock LOCK_EX), and the crash-copy tests must read it right
/// then, as a crash would leave it. Linux only, like the rest of these tests.
/// </summary>
internal static class UnlockedFile
{
    private const int ReadOnly = 0;
    private const int MaxBytes = 256 << 20;

    public static byte[] ReadAll(string path)
    {
        var length = new FileInfo(path).Length;
        Assert.True(length <= MaxBytes, $"{path}: {length} bytes, more than this test helper copies");
        var fd = Open(path, ReadOnly);
        Assert.True(fd >= 0, $"{path}: open failed (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            var bytes = new byte[length];
            var buffer = new byte[1 << 20];
            long done = 0;
            while (done < length)
            {
                var read = (int)PRead(fd, buffer, (nint)Math.Min(buffer.Length, length - done), done);
                Assert.True(read > 0, $"{path}: pread at {done} of {length} returned {read} (errno {Marshal.GetLastPInvokeError()})");
                buffer.AsSpan(0, read).CopyTo(bytes.AsSpan((int)done));
                done += read;
            }

            return bytes;
        }
        finally
        {
            Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static extern nint PRead(int fd, byte[] buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
