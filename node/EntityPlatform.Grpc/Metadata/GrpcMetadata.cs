using System.Collections;

namespace EntityPlatform.Grpc.Metadata;

/// <summary>
/// Request headers, response headers or trailers as gRPC sees them: an ordered multi-map of lower-case
/// keys. Keys ending in <c>-bin</c> carry binary values, base64-encoded on the wire; other values must be
/// printable ASCII. Protocol headers (content-type, te, grpc-*) are not metadata and are rejected here so
/// a caller cannot break the framing by accident.
/// </summary>
public sealed class GrpcMetadata : IEnumerable<MetadataEntry>
{
    private readonly List<MetadataEntry> _entries = [];

    public int Count => _entries.Count;

    public GrpcMetadata Add(string key, string value)
    {
        var normalized = MetadataKeys.Normalize(key);
        if (MetadataKeys.IsBinary(normalized))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in -bin: add its value as bytes.", nameof(key));
        }
        if (!MetadataKeys.IsValidAsciiValue(value))
        {
            throw new ArgumentException($"Metadata value for '{key}' must be printable ASCII (0x20..0x7E).", nameof(value));
        }
        _entries.Add(new MetadataEntry(normalized, value));
        return this;
    }

    public GrpcMetadata Add(string key, ReadOnlySpan<byte> value)
    {
        var normalized = MetadataKeys.Normalize(key);
        if (!MetadataKeys.IsBinary(normalized))
        {
            throw new ArgumentException($"Metadata key '{key}' must end in -bin to carry bytes.", nameof(key));
        }
        _entries.Add(new MetadataEntry(normalized, Convert.ToBase64String(value)));
        return this;
    }

    /// <summary>The last value for <paramref name="key"/>, or null. Binary values come back base64-encoded.</summary>
    public string? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }
        return null;
    }

    /// <summary>The decoded bytes of the last value for a <c>-bin</c> key, or null.</summary>
    public byte[]? GetBytes(string key) => Get(key) is { } text ? MetadataKeys.DecodeBase64(text) : null;

    /// <summary>Adds a received header without validation (the peer's bytes are trusted to be ASCII).</summary>
    internal void AddReceived(string key, string value) => _entries.Add(new MetadataEntry(key, value));

    public IEnumerator<MetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
