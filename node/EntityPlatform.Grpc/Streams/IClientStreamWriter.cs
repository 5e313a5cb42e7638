namespace EntityPlatform.Grpc.Streams;

/// <summary>A client's request stream: like any stream writer, plus the half-close that ends it.</summary>
public interface IClientStreamWriter<in T> : IStreamWriter<T>
{
    /// <summary>Ends the request stream (HTTP/2 END_STREAM); no write may follow.</summary>
    ValueTask CompleteAsync();
}
