namespace EntityPlatform.Grpc.Streams;

/// <summary>Reads the messages of a stream one by one (request stream on a server, response stream on a client).</summary>
public interface IStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNextAsync"/>.</summary>
    T Current { get; }

    /// <summary>Advances to the next message; false at the end of the stream. Failures throw GrpcCallException.</summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default);
}
