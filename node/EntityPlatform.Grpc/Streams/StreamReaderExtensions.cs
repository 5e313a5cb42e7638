using System.Runtime.CompilerServices;

namespace EntityPlatform.Grpc.Streams;

public static class StreamReaderExtensions
{
    /// <summary>Adapts a stream reader to <c>await foreach</c>.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IStreamReader<T> reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
