namespace EntityPlatform.Grpc.Streams;

/// <summary>Writes the messages of a stream. Writes must not overlap: await each before the next.</summary>
public interface IStreamWriter<in T>
{
    ValueTask WriteAsync(T message, CancellationToken cancellationToken = default);
}
