using EntityPlatform.Storage.Identity;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// Decides, before anything is opened, whether a node may start on its data directory and whether its replicas
/// start as rejoining (issue 12, item 11). The danger it closes: a node whose disk was lost comes back empty,
/// founds its groups again and votes, although it no longer remembers what it acknowledged or whom it voted
/// for; with one more stale node it can elect a leader that lacks acknowledged writes.
/// <list type="bullet">
/// <item>A marker of another node or cluster: refused, naming the field and both values.</item>
/// <item>A marker that matches, with data: a normal start (<c>--rejoin</c> then only affects groups it does not store).</item>
/// <item>A rejoin that has not finished (the <c>rejoin-pending</c> mark): every stored replica rejoins again.</item>
/// <item>A marker without data (the log was deleted): treated as an empty directory.</item>
/// <item>No marker but stored data (a directory from before markers existed): adopted, marker written.</item>
/// <item>Empty, cluster not founded: founding; the marker is written.</item>
/// <item>Empty, cluster founded, and the founding placement (version 1) places shards here: refused, unless <c>--rejoin</c> or <c>--auto-rejoin</c>; then rejoining.</item>
/// <item>Empty otherwise (a later placement version, or no founding shards here): admitted; nothing is bootstrapped and replicas are created rejoining (a new node joins so too).</item>
/// <item>Empty with <c>--rejoin</c>: rejoining even if the cluster file does not say founded (the operator knows better).</item>
/// </list>
/// </summary>
public static class DataDirectoryAdmission
{
    /// <summary>The subdirectory holding the log; the node's data is there (see NodeHost).</summary>
    public const string LogDirectoryName = "log";

    /// <summary>Returns the options to start with (Rejoin decided), writing the marker when the directory has none.</summary>
    public static NodeOptions Admit(NodeOptions options, ClusterFile cluster, TimeProvider clock)
    {
        var marker = ReadMarker(options.DataDirectory);
        if (marker is not null)
        {
            CheckMatches(marker, options, cluster);
        }

        if (RejoinPendingFile.Exists(options.DataDirectory))
        {
            // An earlier start was rejoining and did not finish: every replica it opens rejoins again.
            WriteMarkerIfMissing(marker, options, cluster, clock);
            return options with { RejoinPending = true };
        }

        var empty = !HoldsData(options.DataDirectory);
        if (!empty && marker is not null)
        {
            return options;
        }

        var rejoin = options.Rejoin;
        if (empty && cluster.IsFounded)
        {
            // Only the founding placement (version 1) bootstraps groups with a fresh log, and only on the nodes it
            // places shards on, so only there would an empty node found its groups again. Elsewhere (a later
            // version, or a node the founding placement left out, such as one added by a scale-up) replicas are
            // created empty on the first message, rejoining (MaybeCreateReplicaFor): that is how a new node joins.
            var wouldFound = cluster.Placement.Version == 1 && cluster.Placement.Shards.Any(shard => shard.Replicas.Contains(options.NodeId));
            if (wouldFound && !options.Rejoin && !options.AutoRejoin)
            {
                throw new ArgumentException(
                    $"data directory {options.DataDirectory} holds no log, but cluster " +
                    $"'{cluster.ClusterId ?? "(unnamed)"}' was already founded (cluster file: founded={cluster.Founded?.ToString() ?? "unset"}, " +
                    $"placement version {cluster.Placement.Version}). Node {options.NodeId} lost its data: start it with --rejoin, so that its " +
                    "replicas neither vote nor campaign until they have caught up (docs/operations.md, 'After a disk loss')");
            }

            // --auto-rejoin bootstraps rejoining replicas only from the founding placement, whose membership is the
            // groups' real starting point; --rejoin keeps its older meaning (bootstrap from the current placement).
            rejoin = options.Rejoin || wouldFound;

            // Before the marker: a crash between the two must not leave a marked directory that looks whole.
            RejoinPendingFile.Write(options.DataDirectory);
        }
        else if (empty && options.Rejoin)
        {
            RejoinPendingFile.Write(options.DataDirectory);
        }

        WriteMarkerIfMissing(marker, options, cluster, clock);
        return options with { Rejoin = rejoin, RejoinPending = RejoinPendingFile.Exists(options.DataDirectory) };
    }

    private static void WriteMarkerIfMissing(NodeIdentity? marker, NodeOptions options, ClusterFile cluster, TimeProvider clock)
    {
        if (marker is null)
        {
            NodeIdentityFile.Write(options.DataDirectory, new NodeIdentity(cluster.ClusterId, options.NodeId, clock.GetUtcNow()));
        }
    }

    private static NodeIdentity? ReadMarker(string dataDirectory)
    {
        try
        {
            return NodeIdentityFile.TryRead(dataDirectory);
        }
        catch (InvalidDataException error)
        {
            throw new ArgumentException($"data directory {dataDirectory}: {error.Message}", error);
        }
    }

    private static void CheckMatches(NodeIdentity marker, NodeOptions options, ClusterFile cluster)
    {
        var path = NodeIdentityFile.PathIn(options.DataDirectory);
        if (marker.NodeId != options.NodeId)
        {
            throw new ArgumentException(
                $"data directory {options.DataDirectory} belongs to another node: nodeId is {marker.NodeId} in {path} but --node-id is {options.NodeId}");
        }

        if (marker.ClusterId is not null && cluster.ClusterId is not null && marker.ClusterId != cluster.ClusterId)
        {
            throw new ArgumentException(
                $"data directory {options.DataDirectory} belongs to another cluster: clusterId is '{marker.ClusterId}' in {path} " +
                $"but '{cluster.ClusterId}' in the cluster file {options.ClusterFilePath}");
        }
    }

    /// <summary>Whether the directory holds a log from an earlier run (a fresh volume may hold lost+found and nothing else).</summary>
    public static bool HoldsData(string dataDirectory)
    {
        var log = Path.Combine(dataDirectory, LogDirectoryName);
        return Directory.Exists(log) && Directory.EnumerateFileSystemEntries(log).Any();
    }
}
