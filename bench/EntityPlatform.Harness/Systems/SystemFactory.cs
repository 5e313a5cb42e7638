using EntityPlatform.Harness.Network;

namespace EntityPlatform.Harness.Systems;

/// <summary>The names <c>--systems</c> accepts: platform (TLS, as local up), platform-plaintext, platform:DIR (a node build in DIR), etcd, dotnext.</summary>
public static class SystemFactory
{
    public static ISystemUnderTest Create(string name, NetnsTopology? network = null) => name switch
    {
        "platform" => new PlatformCluster(network: network),
        "platform-plaintext" => new PlatformCluster(network: network, tls: false),
        _ when name.StartsWith("platform:", StringComparison.Ordinal) => new PlatformCluster(network: network, nodeDirectory: CheckDirectory(name["platform:".Length..])),
        "etcd" => new EtcdCluster(network: network),
        "dotnext" => new DotNextCluster(network: network),
        _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform, platform-plaintext, platform:DIR (a directory holding entityplatform-samples.dll), etcd or dotnext"),
    };

    private static string CheckDirectory(string directory) => File.Exists(Path.Combine(directory, "entityplatform-samples.dll"))
        ? Path.GetFullPath(directory)
        : throw new ArgumentException($"--systems: platform:{directory} has no entityplatform-samples.dll; expected the output directory of a node build or publish");
}
