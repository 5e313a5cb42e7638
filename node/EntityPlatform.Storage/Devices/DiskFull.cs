namespace EntityPlatform.Storage.Devices;

/// <summary>
/// Recognizes "no space left on the device" in an exception or anything it wraps. A full disk is the one
/// write failure the engine recovers from in place (<see cref="ILogDevice.ResetToDurable"/>): nothing was
/// acknowledged, the files hold exactly the last commit, and writes can resume once space returns.
/// Any other I/O error leaves the engine failed, because what reached the disk is then unknown.
/// </summary>
public static class DiskFull
{
    /// <summary>errno ENOSPC on Linux (.NET puts the raw errno in IOException.HResult on Unix).</summary>
    public const int Enospc = 28;

    // ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL as HRESULTs, for Windows.
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>An exception a device throws when it has no room, with the errno .NET uses on Linux.</summary>
    public static IOException Exception(string what) => new($"No space left on device: {what}", Enospc);

    public static bool Is(Exception? error)
    {
        // Bounded walk: wrappers (AggregateException from FASTER's tasks, our own) nest a few levels at most.
        for (var depth = 0; error is not null && depth < 16; depth++)
        {
            if (error is IOException io && (io.HResult is Enospc or WindowsDiskFull or WindowsHandleDiskFull ||
                                            io.Message.Contains("No space left on device", StringComparison.Ordinal)))
            {
                return true;
            }

            if (error is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                error = aggregate.InnerExceptions[0];
                continue;
            }

            error = error.InnerException;
        }

        return false;
    }
}
