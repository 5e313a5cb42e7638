using EntityPlatform.Grpc.Definitions;

namespace EntityPlatform.Grpc.Server;

/// <summary>A bound method: the dispatcher finds it by path and hands it the call.</summary>
internal abstract class ServerMethod(string path, MethodType type)
{
    public string Path { get; } = path;

    public MethodType Type { get; } = type;

    public abstract Task HandleAsync(ServerCall call);
}
