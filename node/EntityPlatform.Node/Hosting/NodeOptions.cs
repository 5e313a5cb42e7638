namespace EntityPlatform.Node.Hosting;

/// <summary>
/// How one node process is started: <c>run --node-id 1 --data DIR --cluster FILE --grpc-port P --http-port H [--rejoin]</c>.
/// <c>--rejoin</c> says the data directory was wiped (a lost or corrupted disk): the node's replicas start
/// from the founding membership but neither vote nor campaign until they caught up with their leaders.
/// </summary>
public sealed record NodeOptions(ulong NodeId, string DataDirectory, string ClusterFilePath, int GrpcPort, int HttpPort, bool Rejoin = false)
{
    public static NodeOptions Parse(IReadOnlyList<string> args)
    {
        var arguments = new CommandArguments(args, new HashSet<string> { "--rejoin" });
        return new NodeOptions(
            (ulong)arguments.Int("--node-id", min: 1),
            arguments.String("--data"),
            arguments.String("--cluster"),
            arguments.Int("--grpc-port", min: 1, max: 65535),
            arguments.Int("--http-port", min: 1, max: 65535),
            arguments.Flag("--rejoin"));
    }
}
