using System.Runtime.InteropServices;

namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// fsync of a directory, so a rename inside it survives a power loss. .NET cannot open a directory as a
/// file on Linux (File.OpenHandle and FileStream refuse with UnauthorizedAccessException), so this calls
/// libc's open/fsync/close directly. On Windows directory entries are durable with the rename itself.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectoryFlags = 0x10000; // O_RDONLY | O_DIRECTORY on Linux x64 and arm64

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ReadOnlyDirectoryFlags);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
