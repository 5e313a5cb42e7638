namespace EntityPlatform.Grpc.Metadata;

/// <summary>One metadata header. For a <c>-bin</c> key, <see cref="Value"/> is the base64 text.</summary>
public readonly record struct MetadataEntry(string Key, string Value)
{
    public bool IsBinary => MetadataKeys.IsBinary(Key);

    public byte[] ValueBytes => IsBinary ? MetadataKeys.DecodeBase64(Value) : System.Text.Encoding.ASCII.GetBytes(Value);
}
