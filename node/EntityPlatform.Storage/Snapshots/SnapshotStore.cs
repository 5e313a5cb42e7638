using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// Snapshot files of every group in one directory, named <c>g{group}-i{index}-t{term}.snap</c>. A new
/// snapshot never overwrites the one the log still points at: write it, then commit its metadata to the
/// log (InstallSnapshot / CreateSnapshot), then <see cref="DeleteOlderThan"/> removes the superseded files.
/// A crash in between leaves an extra file, which <see cref="RemoveOrphans"/> cleans up on open.
/// </summary>
public sealed class SnapshotStore
{
    private readonly string directory;

    public SnapshotStore(string directory, int maxChunkBytes = 1 << 20)
    {
        Invariant.Assert(maxChunkBytes > 0, "chunk size must be positive");
        this.directory = directory;
        MaxChunkBytes = maxChunkBytes;
        Directory.CreateDirectory(directory);
    }

    public int MaxChunkBytes { get; }

    public SnapshotWriter BeginWrite(ulong groupId, SnapshotMetadata metadata)
    {
        var finalPath = PathOf(groupId, metadata.Index, metadata.Term);
        return new SnapshotWriter(finalPath + ".tmp", finalPath, groupId, metadata, MaxChunkBytes);
    }

    public bool Exists(ulong groupId, ulong index, ulong term) => File.Exists(PathOf(groupId, index, term));

    /// <summary>Opens the snapshot at (index, term); throws FileNotFoundException when there is none.</summary>
    public SnapshotReader OpenRead(ulong groupId, ulong index, ulong term) => new(PathOf(groupId, index, term), MaxChunkBytes);

    /// <summary>
    /// Moves a completed snapshot file of <paramref name="staging"/> (where a transfer from the leader was
    /// received and verified) into this store under its final name, replacing a file with the same name
    /// (same group, index and term: the same state). A rename, never a copy, when both are on one file
    /// system; the directory is fsynced so the file survives a crash once the log records the install.
    /// </summary>
    public void Adopt(SnapshotStore staging, ulong groupId, ulong index, ulong term)
    {
        File.Move(staging.PathOf(groupId, index, term), PathOf(groupId, index, term), overwrite: true);
        DirectorySync.Flush(directory);
    }

    /// <summary>Size of the snapshot file at (index, term) in bytes, framing included.</summary>
    public long FileBytes(ulong groupId, ulong index, ulong term) => new FileInfo(PathOf(groupId, index, term)).Length;

    /// <summary>Deletes the group's snapshots older than <paramref name="index"/> (after the log moved past them).</summary>
    public int DeleteOlderThan(ulong groupId, ulong index) =>
        Delete(Files(groupId).Where(f => f.Index < index).Select(f => f.Path));

    /// <summary>Deletes the one snapshot at (index, term), if it exists.</summary>
    public int Delete(ulong groupId, ulong index, ulong term) =>
        Delete(Files(groupId).Where(f => f.Index == index && f.Term == term).Select(f => f.Path));

    /// <summary>Deletes every file in the directory, temporary ones included (a staging area at start-up).</summary>
    public int DeleteAll() => Delete(Directory.GetFiles(directory, "*.snap*"));

    /// <summary>Deletes every snapshot of a group (part of wiping its replica).</summary>
    public int DeleteGroup(ulong groupId) => Delete(Files(groupId).Select(f => f.Path));

    /// <summary>
    /// Deletes temporary files and snapshots that the log does not point at; <paramref name="current"/>
    /// gives, per group, the snapshot (index, term) the log holds.
    /// </summary>
    public int RemoveOrphans(Func<ulong, (ulong Index, ulong Term)?> current)
    {
        var temporary = Directory.GetFiles(directory, "*.snap.tmp");
        var orphans = AllFiles().Where(f => current(f.GroupId) is not { } keep || keep.Index != f.Index || keep.Term != f.Term);
        return Delete(temporary.Concat(orphans.Select(f => f.Path)));
    }

    private string PathOf(ulong groupId, ulong index, ulong term) => Path.Combine(directory, $"g{groupId}-i{index}-t{term}.snap");

    private IEnumerable<(ulong GroupId, ulong Index, ulong Term, string Path)> Files(ulong groupId) =>
        AllFiles().Where(f => f.GroupId == groupId);

    private IEnumerable<(ulong GroupId, ulong Index, ulong Term, string Path)> AllFiles()
    {
        foreach (var path in Directory.GetFiles(directory, "g*-i*-t*.snap"))
        {
            var parts = Path.GetFileNameWithoutExtension(path).Split('-');
            if (parts.Length == 3 && ulong.TryParse(parts[0][1..], out var g) &&
                ulong.TryParse(parts[1][1..], out var i) && ulong.TryParse(parts[2][1..], out var t))
            {
                yield return (g, i, t, path);
            }
        }
    }

    private int Delete(IEnumerable<string> paths)
    {
        var count = 0;
        foreach (var path in paths.ToArray())
        {
            File.Delete(path);
            count++;
        }

        if (count > 0)
        {
            DirectorySync.Flush(directory);
        }

        return count;
    }
}
