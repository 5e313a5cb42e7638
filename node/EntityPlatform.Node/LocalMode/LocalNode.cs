namespace EntityPlatform.Node.LocalMode;

/// <summary>One node process of the local cluster, as recorded in the state file.</summary>
public sealed record LocalNode(ulong Id, int Pid, int GrpcPort, int HttpPort, string DataDirectory, string LogFile)
{
    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");
}
