using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Storage.Identity;

/// <summary>
/// A durable mark that the node is rejoining after a disk loss and has not caught up yet. It is written before
/// the identity marker and cleared only once every replica has caught up with a leader, so a node that crashes
/// part-way through rejoining rejoins again on its next start instead of voting with a log that may still lack
/// entries it had acknowledged before the loss.
/// </summary>
public static class RejoinPendingFile
{
    public const string FileName = "rejoin-pending";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static bool Exists(string dataDirectory) => File.Exists(PathIn(dataDirectory));

    /// <summary>Creates the mark durably (file and directory fsynced); a no-op when it exists already.</summary>
    public static void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        if (Exists(dataDirectory))
        {
            return;
        }

        using (var stream = new FileStream(PathIn(dataDirectory), FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(dataDirectory);
    }

    /// <summary>Removes the mark durably; a no-op when there is none.</summary>
    public static void Clear(string dataDirectory)
    {
        if (!Exists(dataDirectory))
        {
            return;
        }

        File.Delete(PathIn(dataDirectory));
        DirectorySync.Flush(dataDirectory);
    }
}
