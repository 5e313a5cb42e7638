namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// One node process of the local cluster, as recorded in the state file. <see cref="Host"/> is the address it
/// listens on (passed as <c>--bind</c>): 127.0.0.1 locally, a namespace's address in the partition harness.
/// <see cref="Tls"/>: its gRPC ports speak TLS, so its addresses are https://.
/// </summary>
public sealed record LocalNode(ulong Id, int Pid, int GrpcPort, int InternalPort, int HttpPort, string DataDirectory, string LogFile, string Host = "127.0.0.1",
    bool Tls = false)
{
    private string Scheme => Tls ? "https" : "http";

    /// <summary>The client port: EntityService, what applications and the SDK call.</summary>
    public Uri GrpcAddress => new($"{Scheme}://{Host}:{GrpcPort}");

    /// <summary>The internal port: the peer transport and the admin API; the cluster file's node address.</summary>
    public Uri InternalAddress => new($"{Scheme}://{Host}:{InternalPort}");

    /// <summary>Probes and /metrics: plaintext HTTP/1.1 whatever <see cref="Tls"/> says.</summary>
    public Uri HttpAddress => new($"http://{Host}:{HttpPort}");
}
